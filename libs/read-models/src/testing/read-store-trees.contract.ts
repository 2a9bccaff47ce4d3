import type { LocationEvent, SerialEvent } from '@serial/domain';
import type { RecordedEvent } from '@serial/event-store';
import type { SerialFilter } from '../read-store.port';
import { ofProduct, product, walk, type ContractContext } from './read-store-contract-fixtures';
import { serialEvents } from './serial-events';

const { received, reserved, delivered, transferred } = serialEvents;

/** WH/Stock holds zones A and B; A holds bins A/01 and A/02. */
const TREE: readonly [string, string | null][] = [
  ['WH', null],
  ['WH/Stock', 'WH'],
  ['WH/Stock/A', 'WH/Stock'],
  ['WH/Stock/B', 'WH/Stock'],
  ['WH/Stock/A/01', 'WH/Stock/A'],
  ['WH/Stock/A/02', 'WH/Stock/A'],
];

function pathOf(id: string): string[] {
  const parentId = TREE.find(([location]) => location === id)?.[1] ?? null;
  return parentId === null ? [id] : [...pathOf(parentId), id];
}

const treeLocation = ([locationId, parentId]: readonly [string, string | null]): LocationEvent => ({
  type: 'LocationRegistered',
  data: { locationId, name: locationId, locationType: 'internal', parentId, path: pathOf(locationId) },
});

const bin = (to: string) => ({ to });

/** Location trees: paths, children, the serials and the stock within a location, in both adapters. */
export function describeTreeQueries(ctx: ContractContext): void {
  const tree = (): RecordedEvent[] => TREE.map((entry) => ctx.log().location(treeLocation(entry)));
  const serials = (...events: SerialEvent[]) => events.map((event) => ctx.log().serial(event));
  const within = async (filter: SerialFilter, limit = 2) =>
    (await walk((cursor) => ctx.store().listSerials(filter, { limit, cursor }))).items.map(
      (serial) => `${serial.productId} ${serial.serialNumber}`,
    );

  it('keeps a location’s parent and path, renames it, and lists the direct children of one, paged', async () => {
    const [store, log] = [ctx.store(), ctx.log()];
    await store.applyBatch([
      ...tree(),
      log.location({ type: 'LocationRenamed', data: { locationId: 'WH/Stock/A', name: 'Zone A' } }),
    ]);

    expect(await store.getLocation('WH/Stock/A/01')).toMatchObject({
      parentId: 'WH/Stock/A',
      path: ['WH', 'WH/Stock', 'WH/Stock/A', 'WH/Stock/A/01'],
    });
    expect(await store.getLocation('WH/Stock/A')).toMatchObject({
      name: 'Zone A',
      parentId: 'WH/Stock',
      createdAt: '2026-03-01T08:00:02.000Z',
      updatedAt: '2026-03-01T08:00:06.000Z',
      position: '7',
    });
    const children = async (parentId: string) =>
      (await walk((cursor) => store.listLocations({ parentId }, { limit: 1, cursor }))).items.map(
        (l) => l.id,
      );
    expect(await children('WH/Stock')).toEqual(['WH/Stock/A', 'WH/Stock/B']);
    expect(await children('WH/Stock/A')).toEqual(['WH/Stock/A/01', 'WH/Stock/A/02']);
    expect(await children('WH/Stock/B')).toEqual([]);
  });

  it('lists the serials within a location, in list order across pages, and follows them as they move', async () => {
    const store = ctx.store();
    await store.applyBatch([
      ...tree(),
      ...serials(
        received('SN-4', bin('WH/Stock/A/01')),
        received('SN-1', bin('WH/Stock/A/02')),
        received('SN-3', bin('WH/Stock/A')),
        received('SN-2', bin('WH/Stock/B')),
        ofProduct('MOUSE', received('SN-9', bin('WH/Stock/A/01'))),
        received('SN-5', bin('WH')),
        reserved('SN-1', 'SO-1'),
      ),
    ]);

    expect(await store.getSerial('LAPTOP', 'SN-4')).toMatchObject({
      locationId: 'WH/Stock/A/01',
      locationPath: ['WH', 'WH/Stock', 'WH/Stock/A', 'WH/Stock/A/01'],
    });
    expect(await within({ locationId: 'WH/Stock/A', includeChildren: true })).toEqual([
      'LAPTOP SN-1',
      'LAPTOP SN-3',
      'LAPTOP SN-4',
      'MOUSE SN-9',
    ]);
    expect(await within({ locationId: 'WH/Stock/A' })).toEqual(['LAPTOP SN-3']);
    expect(
      await within({
        locationId: 'WH/Stock',
        includeChildren: true,
        productId: 'LAPTOP',
        status: 'available',
      }),
    ).toEqual(['LAPTOP SN-2', 'LAPTOP SN-3', 'LAPTOP SN-4']);

    await store.applyBatch(
      serials(
        transferred('SN-4', { from: 'WH/Stock/A/01', to: 'WH/Stock/B' }),
        delivered('SN-3', 'C1', { from: 'WH/Stock/A' }),
      ),
    );
    expect(await within({ locationId: 'WH/Stock/A', includeChildren: true })).toEqual([
      'LAPTOP SN-1',
      'MOUSE SN-9',
    ]);
    expect(await within({ locationId: 'WH/Stock/B', includeChildren: true })).toEqual([
      'LAPTOP SN-2',
      'LAPTOP SN-4',
    ]);
    expect((await store.getSerial('LAPTOP', 'SN-3'))?.locationPath).toEqual(['Partners/Customers']);
    expect(await within({ locationId: 'WH/Nowhere', includeChildren: true })).toEqual([]);
  });

  it('counts the stock within a location per location, or per product summed over the locations selected', async () => {
    const store = ctx.store();
    await store.applyBatch([
      ...tree(),
      ctx.log().product(product('MOUSE')),
      ...serials(
        received('SN-1', bin('WH/Stock/A/01')),
        received('SN-2', bin('WH/Stock/A/01')),
        reserved('SN-2', 'SO-1'),
        received('SN-3', bin('WH/Stock/A/02')),
        received('SN-4', bin('WH/Stock/B')),
        received('SN-5', bin('WH')),
        ofProduct('MOUSE', received('SN-1', bin('WH/Stock/A'))),
      ),
    ]);
    const row = (productId: string, locationId: string | null, available: number, reserved = 0) => ({
      productId,
      locationId,
      available,
      reserved,
      onHand: available + reserved,
    });

    expect(await store.stock({ locationId: 'WH/Stock/A', includeChildren: true })).toEqual([
      row('MOUSE', 'WH/Stock/A', 1),
      row('LAPTOP', 'WH/Stock/A/01', 1, 1),
      row('LAPTOP', 'WH/Stock/A/02', 1),
    ]);
    expect(await store.stock({ locationId: 'WH/Stock/A' })).toEqual([row('MOUSE', 'WH/Stock/A', 1)]);
    expect(await store.stock({ locationId: 'WH/Stock', includeChildren: true, groupBy: 'product' })).toEqual([
      row('LAPTOP', 'WH/Stock', 3, 1),
      row('MOUSE', 'WH/Stock', 1),
    ]);
    expect(
      await store.stock({ locationId: 'WH', includeChildren: true, groupBy: 'product', productId: 'LAPTOP' }),
    ).toEqual([row('LAPTOP', 'WH', 4, 1)]);
    expect(await store.stock({ groupBy: 'product' })).toEqual([
      row('LAPTOP', null, 4, 1),
      row('MOUSE', null, 1),
    ]);
    expect(await store.stock({ locationId: 'WH/Stock/B', groupBy: 'product' })).toEqual([
      row('LAPTOP', 'WH/Stock/B', 1),
    ]);
    expect(await store.stock({ locationId: 'WH/Nowhere', includeChildren: true })).toEqual([]);
  });

  it('serves the same trees and stock after a rebuild (bulk load), and keeps them up to date after it', async () => {
    const events = [
      ...tree(),
      ...serials(received('SN-1', bin('WH/Stock/A/01')), received('SN-2', bin('WH'))),
    ];
    const rebuild = await ctx.store().beginRebuild();
    await rebuild.applyBatch(events);
    await rebuild.finishBulkLoad();
    await rebuild.swapIn();
    await ctx.store().applyBatch(serials(transferred('SN-2', { from: 'WH', to: 'WH/Stock/B' })));

    expect(await within({ locationId: 'WH/Stock', includeChildren: true })).toEqual([
      'LAPTOP SN-1',
      'LAPTOP SN-2',
    ]);
    expect(await within({ locationId: 'WH/Stock/A', includeChildren: true })).toEqual(['LAPTOP SN-1']);
    expect(await ctx.store().stock({ locationId: 'WH', includeChildren: true })).toEqual([
      { productId: 'LAPTOP', locationId: 'WH/Stock/A/01', available: 1, reserved: 0, onHand: 1 },
      { productId: 'LAPTOP', locationId: 'WH/Stock/B', available: 1, reserved: 0, onHand: 1 },
    ]);
  });

  it('keeps a product’s serial format, and its removal', async () => {
    const [store, log] = [ctx.store(), ctx.log()];
    const registered = product('P1');
    if (registered.type !== 'ProductRegistered') throw new Error('a registration');
    await store.applyBatch([
      log.product({ ...registered, data: { ...registered.data, serialFormat: '[A-Z]{2}-\\d{4}' } }),
      log.product(product('P2')),
    ]);
    expect(await store.getProduct('P1')).toMatchObject({ serialFormat: '[A-Z]{2}-\\d{4}' });
    await store.applyBatch([
      log.product({ type: 'ProductUpdated', data: { productId: 'P1', serialFormat: null } }),
    ]);
    expect(await store.getProduct('P1')).toMatchObject({ serialFormat: null });
    expect(await store.getProduct('P2')).toMatchObject({ serialFormat: null });
  });
}
