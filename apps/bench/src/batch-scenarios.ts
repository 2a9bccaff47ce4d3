import { PRODUCT_ID, STOCK, type ApiClient } from './api-client';
import type { FigureSet } from './figures';
import type { BenchOptions } from './options';

const CATCH_UP_TIMEOUT_MS = 15 * 60_000;

/** `count` serial numbers `${prefix}-00000`…; the same list `range: { first: `${prefix}-00000`, count }` names. */
export function serialNumbers(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);
}

const eventsBetween = (before: string, after: string) => Number(BigInt(after) - BigInt(before));

const receiveBody = (serials: string[], reference: string) => ({
  productId: PRODUCT_ID,
  serialNumbers: serials,
  toLocationId: STOCK,
  vendorId: 'VENDOR-1',
  reference,
});

const deliverBody = (serials: string[], reference: string) => ({
  productId: PRODUCT_ID,
  serialNumbers: serials,
  fromLocationId: STOCK,
  customerId: 'CUSTOMER-1',
  reference,
});

/** Receives by range (the cheapest body), for setup that is not itself measured. */
async function receiveRange(
  api: ApiClient,
  prefix: string,
  count: number,
  toLocationId = STOCK,
): Promise<string> {
  const body = {
    productId: PRODUCT_ID,
    range: { first: `${prefix}-00000`, count },
    toLocationId,
    vendorId: 'VENDOR-1',
  };
  return (await api.command('/v1/serials/receive', body)).position;
}

/**
 * Scenario 1: receive `batch` serials in one request, wait until the read models show them, then
 * deliver them in one request and wait again. The two waits are measured apart so that the
 * deliver figure does not include projecting the receipt.
 */
export async function receiveThenDeliver(
  api: ApiClient,
  figures: FigureSet,
  options: BenchOptions,
  tag: string,
) {
  const n = options.batch;
  const serials = serialNumbers(`${tag}-B`, n);
  const last = serials[serials.length - 1];
  const events = { baseline: 'oneTx', events: n } as const;

  const received = await api.command('/v1/serials/receive', receiveBody(serials, `BILL-${tag}`));
  const receivedAt = performance.now();
  const label = n.toLocaleString('en-US');
  figures.add(
    {
      key: 'receive',
      label: `receive ${label} serials, 1 request`,
      unit: 's',
      better: 'lower',
      target: { op: '<=', value: 0.5 },
      raw: events,
      scaleTarget: true,
    },
    received.seconds,
  );
  const receiveVisible = await api.secondsUntilVisible(last, received.position, 'available', receivedAt);
  figures.add(
    {
      key: 'receiveVisible',
      label: `  then in the read models after`,
      unit: 's',
      better: 'lower',
      target: { op: '<=', value: 1 },
      scaleTarget: true,
    },
    receiveVisible,
  );

  const delivered = await api.command('/v1/serials/deliver', deliverBody(serials, `INV-${tag}`));
  const deliveredAt = performance.now();
  figures.add(
    {
      key: 'deliver',
      label: `deliver them, 1 request`,
      unit: 's',
      better: 'lower',
      target: { op: '<=', value: 0.5 },
      // One event per serial since SerialDelivered carries the warranty (two before); the bench is the
      // only writer, so the positions count exactly what this command appended.
      raw: { baseline: 'oneTx', events: eventsBetween(received.position, delivered.position) },
      scaleTarget: true,
    },
    delivered.seconds,
  );
  const deliverVisible = await api.secondsUntilVisible(last, delivered.position, 'out_of_stock', deliveredAt);
  figures.add(
    {
      key: 'deliverVisible',
      label: `  then in the read models after`,
      unit: 's',
      better: 'lower',
      target: { op: '<=', value: 1 },
      scaleTarget: true,
    },
    deliverVisible,
  );
}

/** Puts `options.othersOnHand` serials on hand that no scenario touches again; once per data directory. */
export async function receiveOthers(api: ApiClient, options: BenchOptions): Promise<void> {
  let left = options.othersOnHand;
  for (let chunk = 0; left > 0; chunk++) {
    const count = Math.min(options.batch, left);
    await receiveRange(api, `OTHER-${chunk}`, count);
    left -= count;
  }
  await api.waitCaughtUp(CATCH_UP_TIMEOUT_MS);
}

/**
 * Scenario 2: with other serials on hand, deliver `deliverRequests` x `batch` serials in as many
 * sequential requests (an ERP posting a large delivery in chunks). The receipt before is setup,
 * projected before the clock starts.
 */
export async function deliverWithStock(
  api: ApiClient,
  figures: FigureSet,
  options: BenchOptions,
  tag: string,
) {
  const chunks = Array.from({ length: options.deliverRequests }, (_, i) =>
    serialNumbers(`${tag}-D${i}`, options.batch),
  );
  let before = '0';
  for (const [i, chunk] of chunks.entries()) before = await receiveRange(api, `${tag}-D${i}`, chunk.length);
  await api.waitCaughtUp(CATCH_UP_TIMEOUT_MS);

  const total = options.batch * options.deliverRequests;
  const startedAt = performance.now();
  let position = '0';
  for (const [i, chunk] of chunks.entries()) {
    position = (await api.command('/v1/serials/deliver', deliverBody(chunk, `INV-${tag}-${i}`))).position;
  }
  const deliveredAt = performance.now();
  const seconds = (deliveredAt - startedAt) / 1000;
  const label = `deliver ${total.toLocaleString('en-US')} in ${options.deliverRequests} requests, others on hand`;
  figures.add(
    {
      key: 'deliverMany',
      label,
      unit: 's',
      better: 'lower',
      target: { op: '<=', value: 2 },
      raw: { baseline: 'oneTx', events: eventsBetween(before, position) },
      scaleTarget: true,
    },
    seconds,
  );
  const lastChunk = chunks[chunks.length - 1];
  const visible = await api.secondsUntilVisible(
    lastChunk[lastChunk.length - 1],
    position,
    'out_of_stock',
    deliveredAt,
  );
  figures.add(
    {
      key: 'deliverManyVisible',
      label: '  then in the read models after',
      unit: 's',
      better: 'lower',
    },
    visible,
  );
}

/**
 * Tops the stock up to `target` serials on hand through the service's own receive route, spread evenly
 * over the bins given, one request per bin in turn of at most `batch` serials (the fastest honest way),
 * and reports how long that and projecting it took.
 */
export async function preload(api: ApiClient, target: number, batch: number, bins: readonly string[]) {
  const before = await api.onHand();
  const toReceive = Math.max(0, target - before);
  const requestSize = Math.max(1, Math.min(batch, Math.ceil(toReceive / bins.length)));
  const startedAt = performance.now();
  for (let chunk = 0, left = toReceive; left > 0; chunk++) {
    const count = Math.min(requestSize, left);
    await receiveRange(api, `PRE-${chunk}`, count, bins[chunk % bins.length]);
    left -= count;
  }
  const receiveSeconds = (performance.now() - startedAt) / 1000;
  const projectSeconds = await api.waitCaughtUp(CATCH_UP_TIMEOUT_MS);
  return { received: toReceive, onHand: await api.onHand(), receiveSeconds, projectSeconds, requestSize };
}
