import type { SerialEvent } from '@serial/domain';
import { StoreUnavailableError } from '@serial/event-store';
import { join } from 'node:path';
import { InvalidCursorError } from '../read-store.port';
import { EventLog } from '../testing/event-log';
import { temporaryDirectory } from '../testing/read-store-files';
import { serialEvents } from '../testing/serial-events';
import { SqliteReadStore } from './sqlite-read-store';

const { received, reserved, delivered, transferred, warrantySet, registered } = serialEvents;

describe('SqliteReadStore queries', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let store: SqliteReadStore;
  let log: EventLog;

  const apply = async (...events: SerialEvent[]) => {
    await store.applyBatch(events.map((event) => log.serial(event)));
  };

  beforeEach(() => {
    directory = temporaryDirectory('read-store');
    store = SqliteReadStore.open(join(directory.path, 'read-models'));
    log = new EventLog();
  });

  afterEach(async () => {
    await store.close();
    directory.remove();
  });

  it('serves a serial and its history, oldest first', async () => {
    await apply(received('SN-1'), reserved('SN-1', 'SO-1'), delivered('SN-1', 'C1', { reference: 'SO-1' }));

    const serial = await store.getSerial('LAPTOP', 'SN-1');
    const history = await store.serialHistory('LAPTOP', 'SN-1');

    expect(serial).toMatchObject({ status: 'out_of_stock', customerId: 'C1', revision: 2, position: '3' });
    expect(history.map((entry) => [entry.type, entry.revision, entry.position])).toEqual([
      ['SerialReceived', 0, '1'],
      ['SerialReserved', 1, '2'],
      ['SerialDelivered', 2, '3'],
    ]);
    expect(await store.getSerial('LAPTOP', 'SN-2')).toBeNull();
    expect(await store.serialHistory('LAPTOP', 'SN-2')).toEqual([]);
  });

  it('pages through serials in a stable order, every one exactly once', async () => {
    const serialNumbers = Array.from({ length: 25 }, (_, i) => `SN-${String(i).padStart(2, '0')}`);
    await apply(...serialNumbers.map((sn) => received(sn)));

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listSerials({ productId: 'LAPTOP' }, { limit: 10, cursor });
      seen.push(...page.items.map((serial) => serial.serialNumber));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);

    expect(seen).toEqual(serialNumbers);
    expect(pages).toBe(3);
    expect((await store.listSerials({}, { limit: 25 })).nextCursor).toBeNull();
  });

  it('filters serials by location, status, customer, reference and serial number', async () => {
    await apply(
      received('SN-1'),
      received('SN-2', { to: 'WH/Shelf-2' }),
      received('SN-3'),
      reserved('SN-3', 'SO-9'),
      received('SN-4'),
      delivered('SN-4', 'C7', { reference: 'INV-4' }),
    );
    const serialNumbers = async (filter: Parameters<SqliteReadStore['listSerials']>[0]) =>
      (await store.listSerials(filter, { limit: 100 })).items.map((serial) => serial.serialNumber);

    expect(await serialNumbers({ locationId: 'WH/Stock' })).toEqual(['SN-1', 'SN-3']);
    expect(await serialNumbers({ locationId: 'WH/Stock', status: 'available' })).toEqual(['SN-1']);
    expect(await serialNumbers({ status: 'reserved' })).toEqual(['SN-3']);
    expect(await serialNumbers({ customerId: 'C7' })).toEqual(['SN-4']);
    expect(await serialNumbers({ reference: 'INV-4' })).toEqual(['SN-4']);
    expect(await serialNumbers({ serialNumber: 'SN-2' })).toEqual(['SN-2']);
    expect(await serialNumbers({ productId: 'OTHER' })).toEqual([]);
  });

  it('rejects a cursor it did not issue', async () => {
    await apply(received('SN-1'), received('SN-2'));
    const { nextCursor } = await store.listSerials({}, { limit: 1 });
    const products = (await store.listProducts({ limit: 1 })).nextCursor;

    for (const cursor of [
      'not a cursor!',
      'eyJ4Ijox',
      `${nextCursor}x`,
      Buffer.from('["products","P"]').toString('base64url'),
    ]) {
      await expect(store.listSerials({}, { limit: 1, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    }
    expect(products).toBeNull();
  });

  it('counts stock per product and internal location, from the serials themselves', async () => {
    await apply(
      received('SN-1'),
      received('SN-2'),
      reserved('SN-2', 'SO-1'),
      received('SN-3', { to: 'WH/Shelf-2' }),
      received('SN-4'),
      delivered('SN-4'),
      received('SN-5'),
      transferred('SN-5', { to: 'Transit/Truck', toType: 'transit' }),
      registered('SN-6'),
    );

    expect(await store.stock({})).toEqual([
      { productId: 'LAPTOP', locationId: 'WH/Shelf-2', available: 1, reserved: 0, onHand: 1 },
      { productId: 'LAPTOP', locationId: 'WH/Stock', available: 1, reserved: 1, onHand: 2 },
    ]);
    expect(await store.stock({ locationId: 'WH/Shelf-2' })).toHaveLength(1);
    expect(await store.stock({ productId: 'OTHER' })).toEqual([]);
  });

  it('lists active warranties ending before a date, soonest first, whatever their ISO format', async () => {
    await apply(
      received('SN-1'),
      warrantySet('SN-1', '2026-01-01T00:00:00Z', '2027-06-01T00:00:00Z'),
      received('SN-2'),
      warrantySet('SN-2', '2026-01-01T00:00:00.000Z', '2027-03-01T00:00:00.000+01:00'),
      received('SN-3'),
      warrantySet('SN-3', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'),
      received('SN-4'),
      warrantySet('SN-4', '2026-12-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'),
    );

    const { items: ending } = await store.warranties(
      { expiringBefore: new Date('2027-12-31T00:00:00Z'), now: new Date('2026-06-01T00:00:00Z') },
      { limit: 100 },
    );

    expect(ending.map((serial) => serial.serialNumber)).toEqual(['SN-2', 'SN-1']);
    expect(ending[1].warranty).toEqual({ startsAt: '2026-01-01T00:00:00Z', endsAt: '2027-06-01T00:00:00Z' });
  });

  it('serves products and locations, paged by id', async () => {
    await store.applyBatch([
      log.location({
        type: 'LocationRegistered',
        data: { locationId: 'B', name: 'B', locationType: 'internal', parentId: null, path: ['B'] },
      }),
      log.location({
        type: 'LocationRegistered',
        data: { locationId: 'A', name: 'A', locationType: 'customer', parentId: null, path: ['A'] },
      }),
      log.product({
        type: 'ProductRegistered',
        data: {
          productId: 'P1',
          sku: 'S',
          name: 'N',
          productType: 'storable',
          tracking: 'serial',
          gtin: null,
          warrantyMonths: null,
          serialFormat: null,
        },
      }),
      log.product({ type: 'ProductUpdated', data: { productId: 'P1', warrantyMonths: 12 } }),
    ]);

    const first = await store.listLocations({}, { limit: 1 });
    const second = await store.listLocations({}, { limit: 1, cursor: first.nextCursor as string });

    expect(await store.getProduct('P1')).toMatchObject({ warrantyMonths: 12, position: '4' });
    expect(await store.getLocation('A')).toMatchObject({ type: 'customer' });
    expect([...first.items, ...second.items].map((location) => location.id)).toEqual(['A', 'B']);
    expect(second.nextCursor).toBeNull();
    expect((await store.listProducts({ limit: 10 })).items).toHaveLength(1);
  });

  it('keeps its read models across close and open', async () => {
    await apply(received('SN-1'));
    await store.close();

    store = SqliteReadStore.open(join(directory.path, 'read-models'));

    expect(await store.checkpoint()).toBe(1n);
    expect(await store.getSerial('LAPTOP', 'SN-1')).toMatchObject({ status: 'available' });
  });

  it('is unavailable once closed', async () => {
    await store.close();

    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.getSerial('LAPTOP', 'SN-1')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
