import { type LocationEvent, type LocationType, type ProductEvent, type SerialEvent } from '@serial/domain';
import type { RecordedEvent } from '@serial/event-store';
import fc from 'fast-check';
import type { LedgerReader } from '../ledger/ledger-reader.port';
import type { ProjectionStore } from '../projection-store.port';
import type { Page, ReadStore } from '../read-store.port';
import { EventLog } from './event-log';
import { runSerialCommands, serialCommand } from './serial-commands';
import { recordWorkload } from './workload';

export type ContractStore = ReadStore & ProjectionStore & LedgerReader;

export interface ReadStoreFixture {
  readonly store: ContractStore;
  readonly teardown?: () => Promise<void>;
}

/** What each part of the contract suite works with; every test starts with a fresh store and log. */
export interface ContractContext {
  store(): ContractStore;
  log(): EventLog;
  /** Another fresh store, torn down with the test's own. */
  open(): Promise<ContractStore>;
}

export const ofProduct = (productId: string, event: SerialEvent): SerialEvent =>
  ({ ...event, data: { ...event.data, productId } }) as SerialEvent;

export const product = (productId: string, gtin: string | null = null): ProductEvent => ({
  type: 'ProductRegistered',
  data: {
    productId,
    sku: productId,
    name: productId,
    productType: 'storable',
    tracking: 'serial',
    gtin,
    warrantyMonths: null,
    serialFormat: null,
  },
});

export const location = (locationId: string, locationType: LocationType): LocationEvent => ({
  type: 'LocationRegistered',
  data: { locationId, name: locationId, locationType, parentId: null, path: [locationId] },
});

/** Byte order of the UTF-8 text: SQLite's and MongoDB's default string order alike. */
export const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Follows `nextCursor` to the end. */
export async function walk<T>(
  list: (cursor?: string) => Promise<Page<T>>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await list(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor);
  return { items, pages };
}

/** Everything the port serves, read through the port: equal snapshots, equal read models. */
export async function snapshot(store: ContractStore) {
  const serials = (await walk((cursor) => store.listSerials({}, { limit: 100, cursor }))).items;
  const histories = await Promise.all(serials.map((s) => store.serialHistory(s.productId, s.serialNumber)));
  return {
    serials,
    histories,
    stock: await store.stock({}),
    products: (await walk((cursor) => store.listProducts({ limit: 100, cursor }))).items,
    locations: (await walk((cursor) => store.listLocations({}, { limit: 100, cursor }))).items,
    movements: (await walk((cursor) => store.listMovements({}, { limit: 100, cursor }))).items,
    checkpoints: await store.checkpoints(),
  };
}

/** Four-event lives of 150 serials, then 200 random commands decided by the domain: every document kind. */
export function idempotencyEvents(): RecordedEvent[] {
  const log = new EventLog();
  const commands = fc.sample(fc.array(serialCommand, { minLength: 200, maxLength: 200 }), {
    numRuns: 1,
    seed: 7,
  });
  recordWorkload(log, 150);
  for (const event of runSerialCommands(commands[0], 12).log.events) log.append(event.streamId, event);
  return log.events;
}
