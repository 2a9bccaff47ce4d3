import { PRODUCT_ID, STOCK, unexpected, type ApiClient } from './api-client';
import { serialNumbers } from './batch-scenarios';
import type { FigureSet } from './figures';
import type { BenchOptions } from './options';
import { percentile } from './tree-scenarios';

/** Assembly depth of the unit whose trace is read (the "a unit 5 levels deep"). */
const LEVELS = 5;

export interface TraceSetup {
  readonly reference: string;
  readonly serials: number;
  /** The innermost serial of a 5-level assembly. */
  readonly deepest: string;
  readonly position: string;
}

/**
 * Setup, not measured: a receipt of 10,000 serials (500 with --quick) on one bill, delivered on five
 * invoices, so the bill is no serial's last reference; and five serials installed one into the next.
 */
export async function prepareTrace(api: ApiClient, options: BenchOptions, tag: string): Promise<TraceSetup> {
  const count = options.quick ? 500 : 10_000;
  const reference = `BILL-TRACE-${tag}`;
  const serials = serialNumbers(`${tag}-T`, count);
  const body = {
    productId: PRODUCT_ID,
    serialNumbers: serials,
    toLocationId: STOCK,
    vendorId: 'VENDOR-1',
    reference,
  };
  await api.command('/v1/serials/receive', body);
  const invoice = Math.ceil(count / 5);
  for (let start = 0; start < count; start += invoice) {
    await api.command('/v1/serials/deliver', {
      productId: PRODUCT_ID,
      serialNumbers: serials.slice(start, start + invoice),
      fromLocationId: STOCK,
      customerId: 'CUSTOMER-1',
      reference: `INV-TRACE-${tag}-${start / invoice}`,
    });
  }
  const units = serialNumbers(`${tag}-U`, LEVELS);
  let { position } = await api.command('/v1/serials/receive', {
    productId: PRODUCT_ID,
    serialNumbers: units,
    toLocationId: STOCK,
  });
  for (let level = 1; level < LEVELS; level++) {
    ({ position } = await api.command('/v1/serials/install', {
      parent: { productId: PRODUCT_ID, serialNumber: units[level - 1] },
      components: [{ productId: PRODUCT_ID, serialNumber: units[level] }],
    }));
  }
  return { reference, serials: count, deepest: units[LEVELS - 1], position };
}

async function timedGet(api: ApiClient, path: string, position: string) {
  const response = await api.request('GET', path, undefined, { 'x-min-position': position });
  if (response.status !== 200) throw unexpected('GET', path, response);
  return { ms: response.seconds * 1000, body: response.body as Record<string, unknown> };
}

/**
 * The recall walk: every page of GET /v1/trace?reference= (limit 1,000) over the bill's serials, among
 * every other serial on hand, timed whole; and GET .../trace of the innermost unit, p50 and p99.
 */
export async function measureTrace(
  api: ApiClient,
  figures: FigureSet,
  options: BenchOptions,
  setup: TraceSetup,
): Promise<void> {
  let walkMs = 0;
  let found = 0;
  let cursor: string | null = null;
  do {
    const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await timedGet(
      api,
      `/v1/trace?reference=${setup.reference}&limit=1000${after}`,
      setup.position,
    );
    walkMs += page.ms;
    found += (page.body.items as unknown[]).length;
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  if (found !== setup.serials)
    throw new Error(`The trace of ${setup.reference} found ${found} of ${setup.serials}`);
  const unitPath = `/v1/products/${PRODUCT_ID}/serials/${encodeURIComponent(setup.deepest)}/trace`;
  const samples: number[] = [];
  for (let i = 0; i < (options.quick ? 20 : 500); i++) {
    const trace = await timedGet(api, unitPath, setup.position);
    if ((trace.body.installedIn as unknown[]).length !== LEVELS - 1)
      throw new Error('The unit trace lost a level');
    samples.push(trace.ms);
  }
  const ms = { unit: 'ms', better: 'lower' } as const;
  figures.add(
    {
      ...ms,
      key: 'traceReferenceWalk',
      label: `trace by reference, all pages (${setup.serials.toLocaleString('en-US')} serials)`,
      target: { op: '<=', value: 2000 },
    },
    walkMs,
  );
  figures.add(
    { ...ms, key: 'traceUnitP50', label: `trace of a unit ${LEVELS} levels deep p50` },
    percentile(samples, 50),
  );
  figures.add(
    { ...ms, key: 'traceUnitP99', label: '  p99', target: { op: '<=', value: 20 } },
    percentile(samples, 99),
  );
}
