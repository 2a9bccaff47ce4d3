import type { SerialEvent } from '@serial/domain';
import { PROJECTION_NAMES } from '../projection-store.port';
import { InvalidCursorError, type SerialFilter } from '../read-store.port';
import { EventLog } from './event-log';
import { describeLedgerContract } from './ledger.contract';
import { describeProjectionStoreContract } from './projection-store.contract';
import { describeDocumentQueries } from './read-store-documents.contract';
import { describeSerialFieldQueries } from './read-store-serial-fields.contract';
import { describeTraceQueries } from './read-store-trace.contract';
import { describeTreeQueries } from './read-store-trees.contract';
import {
  byBytes,
  location,
  ofProduct,
  walk,
  type ContractStore,
  type ReadStoreFixture,
} from './read-store-contract-fixtures';
import { serialEvents } from './serial-events';

export type { ReadStoreFixture } from './read-store-contract-fixtures';

const { received, reserved, delivered, transferred, registered } = serialEvents;

/**
 * The behaviour every read store adapter must show, through the ports' public methods only, with
 * events the domain's deciders would write. Each test gets a fresh, empty store from `factory`.
 */
export function describeReadStoreContract(name: string, factory: () => Promise<ReadStoreFixture>): void {
  describe(`${name} (ReadStore contract)`, () => {
    const fixtures: ReadStoreFixture[] = [];
    let store: ContractStore;
    let log: EventLog;
    const open = async () => {
      const fixture = await factory();
      fixtures.push(fixture);
      return fixture.store;
    };
    const apply = (...events: SerialEvent[]) => store.applyBatch(events.map((event) => log.serial(event)));
    const serialNumbers = async (filter: SerialFilter) =>
      (await store.listSerials(filter, { limit: 100 })).items.map((serial) => serial.serialNumber);

    beforeEach(async () => {
      store = await open();
      log = new EventLog();
    });

    afterEach(async () => {
      for (const fixture of fixtures.splice(0)) await fixture.teardown?.();
    });

    it('starts empty, every checkpoint at 0, and answers a ping', async () => {
      await store.ping();
      expect(await store.checkpoint()).toBe(0n);
      expect(await store.checkpoints()).toEqual(PROJECTION_NAMES.map((name) => ({ name, position: 0n })));
      expect(await store.getSerial('LAPTOP', 'SN-1')).toBeNull();
      expect(await store.listSerials({}, { limit: 10 })).toEqual({ items: [], nextCursor: null });
    });

    it('serves a serial and its history, oldest first; nothing for an unknown one', async () => {
      await apply(received('SN-1'), reserved('SN-1', 'SO-1'), delivered('SN-1', 'C1', { reference: 'SO-1' }));

      expect(await store.getSerial('LAPTOP', 'SN-1')).toMatchObject({
        status: 'out_of_stock',
        customerId: 'C1',
        reference: 'SO-1',
        revision: 2,
        position: '3',
      });
      expect(
        (await store.serialHistory('LAPTOP', 'SN-1')).map((e) => [e.type, e.revision, e.position]),
      ).toEqual([
        ['SerialReceived', 0, '1'],
        ['SerialReserved', 1, '2'],
        ['SerialDelivered', 2, '3'],
      ]);
      expect((await store.serialHistory('LAPTOP', 'SN-1'))[2]).toMatchObject({
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        customerId: 'C1',
        userId: 'user-1',
      });
      expect(await store.getSerial('LAPTOP', 'SN-2')).toBeNull();
      expect(await store.serialHistory('LAPTOP', 'SN-2')).toEqual([]);
    });

    it('filters serials by each field, and by several at once', async () => {
      await apply(
        received('SN-1'),
        received('SN-2', { to: 'WH/Shelf-2' }),
        received('SN-3'),
        reserved('SN-3', 'SO-9'),
        received('SN-4'),
        delivered('SN-4', 'C7', { reference: 'INV-4' }),
        ofProduct('MOUSE', received('SN-1')),
      );

      expect(await serialNumbers({ productId: 'LAPTOP' })).toEqual(['SN-1', 'SN-2', 'SN-3', 'SN-4']);
      expect(await serialNumbers({ serialNumber: 'SN-1' })).toEqual(['SN-1', 'SN-1']);
      expect(await serialNumbers({ locationId: 'WH/Stock', productId: 'LAPTOP' })).toEqual(['SN-1', 'SN-3']);
      expect(await serialNumbers({ locationId: 'WH/Stock', status: 'available' })).toEqual(['SN-1', 'SN-1']);
      expect(await serialNumbers({ status: 'reserved' })).toEqual(['SN-3']);
      expect(await serialNumbers({ customerId: 'C7' })).toEqual(['SN-4']);
      expect(await serialNumbers({ reference: 'INV-4' })).toEqual(['SN-4']);
      expect(await serialNumbers({ productId: 'OTHER' })).toEqual([]);
    });

    it('walks the matching serials in (product, serial number) order, each exactly once', async () => {
      const odd = ['$SN', 'sn-lower', 'SN-é', 'SN/01', 'SN-9', 'SN-10'];
      const numbered = Array.from({ length: 19 }, (_, i) => `SN-${String(i).padStart(2, '0')}`);
      await apply(...[...odd, ...numbered].map((sn) => received(sn)));
      await apply(...['SN-00', 'A-1'].map((sn) => ofProduct('MOUSE', received(sn))));
      const expected = [
        ...[...new Set([...odd, ...numbered])].sort(byBytes).map((sn) => `LAPTOP ${sn}`),
        'MOUSE A-1',
        'MOUSE SN-00',
      ];

      const { items, pages } = await walk((cursor) => store.listSerials({}, { limit: 7, cursor }));
      const laptops = await walk((cursor) =>
        store.listSerials({ productId: 'LAPTOP' }, { limit: 5, cursor }),
      );

      expect(items.map((s) => `${s.productId} ${s.serialNumber}`)).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / 7));
      expect(laptops.items).toHaveLength(expected.length - 2);
      expect((await store.listSerials({}, { limit: expected.length })).nextCursor).toBeNull();
    });

    it('rejects a cursor it did not issue, or one of another list', async () => {
      await apply(received('SN-1'), received('SN-2'));
      await store.applyBatch(['A', 'B'].map((id) => log.location(location(id, 'internal'))));
      const serialCursor = (await store.listSerials({}, { limit: 1 })).nextCursor as string;
      const locationCursor = (await store.listLocations({}, { limit: 1 })).nextCursor as string;

      for (const cursor of ['not a cursor!', 'eyJ4Ijox', `${serialCursor}x`, locationCursor]) {
        await expect(store.listSerials({}, { limit: 1, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      }
      await expect(store.listProducts({ limit: 1, cursor: serialCursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(store.listMovements({}, { limit: 1, cursor: locationCursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });

    it('counts stock per internal location and product from the serials, by location then product', async () => {
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
        ofProduct('MOUSE', received('SN-1')),
      );

      expect(await store.stock({})).toEqual([
        { productId: 'LAPTOP', locationId: 'WH/Shelf-2', available: 1, reserved: 0, onHand: 1 },
        { productId: 'LAPTOP', locationId: 'WH/Stock', available: 1, reserved: 1, onHand: 2 },
        { productId: 'MOUSE', locationId: 'WH/Stock', available: 1, reserved: 0, onHand: 1 },
      ]);
      expect(await store.stock({ locationId: 'WH/Shelf-2' })).toHaveLength(1);
      expect(await store.stock({ productId: 'MOUSE', locationId: 'WH/Stock' })).toHaveLength(1);
      expect(await store.stock({ productId: 'OTHER' })).toEqual([]);
    });

    const context = { store: () => store, log: () => log, open };
    describeDocumentQueries(context);
    describeSerialFieldQueries(context);
    describeTreeQueries(context);
    describeTraceQueries(context);
    describeProjectionStoreContract(context);
    describeLedgerContract(context);
  });
}
