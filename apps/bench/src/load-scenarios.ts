import autocannon from 'autocannon';
import { PRODUCT_ID, STOCK, type ApiClient } from './api-client';
import { CEILING_KEY, type FigureSet } from './figures';
import type { BenchOptions } from './options';

/** autocannon gives up on a request after this; a command that slow counts as an error. */
const REQUEST_TIMEOUT_S = 10;
/**
 * The cheapest route that is authenticated (JWT guard, role check) and validated (strict DTO pipe),
 * and touches no store: POST /v1/scan with a plain code only parses it and echoes the serial back.
 */
export const CHEAPEST_ROUTE = 'POST /v1/scan {"code":"SN-PLAIN-1"}';

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface LoadResult {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
}

/** What the framework-ceiling app (ceiling/ceiling-app.ts) is sent: a body like a single-serial command's. */
const CEILING_REQUEST = {
  method: 'POST',
  path: '/ceiling',
  body: JSON.stringify({ code: 'SN-PLAIN-1' }),
} as const;

function run(api: ApiClient, options: BenchOptions, requests: autocannon.Request[]): Promise<LoadResult> {
  const headers = { authorization: api.authorization, 'content-type': 'application/json' };
  return runAt(api.baseUrl, headers, options, requests);
}

/** The same autocannon settings for every HTTP figure of a run, the framework ceiling's included. */
async function runAt(
  url: string,
  headers: Record<string, string>,
  options: BenchOptions,
  requests: autocannon.Request[],
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.loadConnections,
    duration: options.loadSeconds,
    timeout: REQUEST_TIMEOUT_S,
    headers,
    requests,
  });
  // An error answer to a unique serial's receive or deliver is a broken service, not a slow one.
  if (result.non2xx > 0) {
    const codes = JSON.stringify(result.statusCodeStats);
    throw new Error(`${result.non2xx} non-2xx answers under load (status codes ${codes})`);
  }
  const failures = result.errors + result.timeouts;
  return {
    perSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures,
  };
}

/**
 * Scenario 3: every connection receives one new, unique serial, then delivers it, over and over,
 * for `loadSeconds`; each request is one command (one durable transaction). Beside it, the same
 * connections on the cheapest authenticated validated route, and on the framework-ceiling app (a bare
 * NestJS + Fastify route with a validated DTO, its own process): the ratios are what the command path
 * and the service's own layers cost, each against a ceiling measured minutes apart in the same run.
 */
export async function measureHttpLoad(
  api: ApiClient,
  figures: FigureSet,
  options: BenchOptions,
  tag: string,
  ceilingUrl: string,
) {
  const commands = await receiveDeliverLoad(api, options, tag);
  const cheapest = await run(api, options, [
    { method: 'POST', path: '/v1/scan', body: JSON.stringify({ code: 'SN-PLAIN-1' }) },
  ]);
  const ceiling = await runAt(ceilingUrl, { 'content-type': 'application/json' }, options, [CEILING_REQUEST]);
  const connections = `${options.loadConnections} connections`;
  figures.add(
    {
      key: CEILING_KEY,
      label: `framework ceiling: NestJS + Fastify, one validated route, ${connections} (req/s)`,
      unit: '/s',
      better: 'higher',
    },
    ceiling.perSecond,
  );
  figures.add({ key: 'ceilingP99', label: '  p99 latency', unit: 'ms', better: 'lower' }, ceiling.p99);
  figures.add(
    {
      key: 'httpCommands',
      label: `HTTP receive→deliver, ${connections} (commands/s)`,
      unit: '/s',
      better: 'higher',
      target: { op: '>=', value: 3_000 },
      raw: { baseline: 'perTx' },
      http: true,
      scaleTarget: true,
    },
    commands.perSecond,
  );
  figures.add(
    {
      key: 'httpCeilingShare',
      label: '  commands/s as a share of the framework ceiling',
      unit: 'x',
      better: 'higher',
      target: { op: '>=', value: 0.45 },
    },
    commands.perSecond / ceiling.perSecond,
  );
  figures.add(
    { key: 'httpP50', label: '  p50 latency', unit: 'ms', better: 'lower', scaleTarget: true },
    commands.p50,
  );
  figures.add(
    {
      key: 'httpP99',
      label: '  p99 latency',
      unit: 'ms',
      better: 'lower',
      target: { op: '<=', value: 25 },
      scaleTarget: true,
    },
    commands.p99,
  );
  figures.add(
    {
      key: 'httpFailures',
      label: '  socket errors and timeouts',
      unit: 'count',
      better: 'lower',
    },
    commands.failures,
  );
  figures.add(
    {
      key: 'cheapest',
      label: `${CHEAPEST_ROUTE}, ${connections} (req/s)`,
      unit: '/s',
      better: 'higher',
      http: true,
    },
    cheapest.perSecond,
  );
  figures.add({ key: 'cheapestP99', label: '  p99 latency', unit: 'ms', better: 'lower' }, cheapest.p99);
  figures.add(
    { key: 'commandShare', label: '  commands/s as a share of it', unit: 'x', better: 'higher' },
    commands.perSecond / cheapest.perSecond,
  );
  await api.waitCaughtUp(5 * 60_000);
}

/** autocannon: every connection receives one new, unique serial, then delivers it, for `loadSeconds`. */
export function receiveDeliverLoad(api: ApiClient, options: BenchOptions, tag: string): Promise<LoadResult> {
  let next = 0;
  return run(api, options, [
    {
      method: 'POST',
      path: '/v1/serials/receive',
      setupRequest: (request, context: { serialNumber?: string }) => {
        context.serialNumber = `${tag}-H-${next++}`;
        const body = { productId: PRODUCT_ID, serialNumbers: [context.serialNumber], toLocationId: STOCK };
        return { ...request, body: JSON.stringify(body) };
      },
    },
    {
      method: 'POST',
      path: '/v1/serials/deliver',
      setupRequest: (request, context: { serialNumber?: string }) => {
        const body = {
          productId: PRODUCT_ID,
          serialNumbers: [context.serialNumber],
          fromLocationId: STOCK,
          customerId: 'CUSTOMER-1',
        };
        return { ...request, body: JSON.stringify(body) };
      },
    },
  ]);
}
