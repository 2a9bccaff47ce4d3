import autocannon from 'autocannon';
import { PRODUCT_ID, STOCK, unexpected, type ApiClient } from './api-client';
import type { FigureSet } from './figures';
import { percentile } from './load-scenarios';
import type { BenchOptions } from './options';

const REQUEST_TIMEOUT_S = 10;
const LAG_SAMPLE_EVERY_MS = 100;

interface Head {
  treeSize: number;
  lastPosition: string;
}

/**
 * The ledger's lag behind the event store while commands arrive at `ledgerRate` per second (one new
 * serial received each, 20 connections): every 100 ms the head position is read, then the ledger
 * head asked for with X-Min-Position of it; the time until it answers is how far the ledger trails.
 */
export async function measureLedgerLag(
  api: ApiClient,
  figures: FigureSet,
  options: BenchOptions,
  tag: string,
) {
  let next = 0;
  let writing = true;
  // The instance is a thenable without `finally`: adopt it into a promise.
  const load = Promise.resolve(
    autocannon({
      url: api.baseUrl,
      connections: options.loadConnections,
      duration: options.loadSeconds,
      overallRate: options.ledgerRate,
      timeout: REQUEST_TIMEOUT_S,
      headers: { authorization: api.authorization, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          path: '/v1/serials/receive',
          setupRequest: (request) => {
            const body = {
              productId: PRODUCT_ID,
              serialNumbers: [`${tag}-LL-${next++}`],
              toLocationId: STOCK,
            };
            return { ...request, body: JSON.stringify(body) };
          },
        },
      ],
    }),
  ).finally(() => (writing = false));
  const lags: number[] = [];
  while (writing) {
    const head = String(await api.headPosition());
    const startedAt = performance.now();
    const response = await api.request('GET', '/v1/audit/ledger', undefined, { 'x-min-position': head });
    if (response.status !== 200) throw unexpected('GET', '/v1/audit/ledger', response);
    lags.push(performance.now() - startedAt);
    await new Promise((resolve) => setTimeout(resolve, LAG_SAMPLE_EVERY_MS));
  }
  const result = await load;
  if (result.non2xx > 0) throw new Error(`${result.non2xx} non-2xx answers while measuring the ledger's lag`);
  const rate = `${options.ledgerRate.toLocaleString('en-US')}/s asked`;
  figures.add(
    { key: 'ledgerWriteRate', label: `ledger lag: commands written (${rate})`, unit: '/s', better: 'higher' },
    result['2xx'] / result.duration,
  );
  figures.add(
    { key: 'ledgerLagP50', label: '  ledger behind the head, p50', unit: 'ms', better: 'lower' },
    percentile(lags, 50),
  );
  figures.add(
    { key: 'ledgerLagP99', label: '  ledger behind the head, p99', unit: 'ms', better: 'lower' },
    percentile(lags, 99),
  );
  await api.waitCaughtUp(5 * 60_000);
}

/**
 * What a head and an inclusion proof cost with every event in the store in the tree: one connection
 * (no queueing in the figure) for `ledgerReadSeconds` each; inclusion proofs of random events.
 */
export async function measureLedgerReads(
  api: ApiClient,
  figures: FigureSet,
  options: BenchOptions,
): Promise<Head> {
  await api.waitCaughtUp(5 * 60_000);
  const head = (await api.request('GET', '/v1/audit/ledger')).body as Head;
  const size = head.treeSize.toLocaleString('en-US');
  const read = async (setupRequest: autocannon.Request['setupRequest'], path: string) => {
    const result = await autocannon({
      url: api.baseUrl,
      connections: 1,
      duration: options.ledgerReadSeconds,
      timeout: REQUEST_TIMEOUT_S,
      headers: { authorization: api.authorization },
      requests: [{ method: 'GET', path, ...(setupRequest && { setupRequest }) }],
    });
    if (result.non2xx > 0) throw new Error(`${result.non2xx} non-2xx answers from ${path}`);
    return result;
  };
  const heads = await read(undefined, '/v1/audit/ledger');
  const last = Number(head.lastPosition);
  const proofs = await read((request) => {
    const position = 1 + Math.floor(Math.random() * last);
    return { ...request, path: `/v1/audit/ledger/inclusion?position=${position}&treeSize=${head.treeSize}` };
  }, '/v1/audit/ledger/inclusion');
  figures.add(
    { key: 'ledgerEvents', label: 'events in the ledger', unit: 'count', better: 'higher' },
    head.treeSize,
  );
  figures.add(
    { key: 'ledgerHeadP99', label: `GET /v1/audit/ledger, ${size} events, p99`, unit: 'ms', better: 'lower' },
    heads.latency.p99,
  );
  figures.add(
    { key: 'ledgerHeadRate', label: '  sequential requests/s', unit: '/s', better: 'higher' },
    heads.requests.average,
  );
  figures.add(
    { key: 'ledgerInclusionP99', label: `inclusion proof, ${size} events, p99`, unit: 'ms', better: 'lower' },
    proofs.latency.p99,
  );
  figures.add(
    { key: 'ledgerInclusionRate', label: '  sequential requests/s', unit: '/s', better: 'higher' },
    proofs.requests.average,
  );
  return head;
}
