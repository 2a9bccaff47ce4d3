import { movementStreamId } from '@serial/domain';
import type { ReadStore } from '../read-store.port';
import { location, product, walk, type ContractContext } from './read-store-contract-fixtures';

/** Products, locations and movements: by id, and paged by id. */
export function describeDocumentQueries(ctx: ContractContext): void {
  it('serves products and locations by id and paged, and finds a product by its GTIN at any length', async () => {
    const [store, log] = [ctx.store(), ctx.log()];
    await store.applyBatch([
      log.location(location('B', 'internal')),
      log.location(location('A', 'customer')),
      log.product(product('P2', '4012345000001')),
      log.product(product('P1', '04012345000001')),
      log.product(product('P3', '12345670')),
      log.product({ type: 'ProductUpdated', data: { productId: 'P3', warrantyMonths: 12 } }),
    ]);

    const locations = await walk((cursor) => store.listLocations({}, { limit: 1, cursor }));
    const products = await walk((cursor) => store.listProducts({ limit: 2, cursor }));

    expect(await store.getLocation('A')).toMatchObject({ id: 'A', type: 'customer', position: '2' });
    expect(locations.items.map((l) => l.id)).toEqual(['A', 'B']);
    expect(products.items.map((p) => p.id)).toEqual(['P1', 'P2', 'P3']);
    expect(await store.getProduct('P3')).toMatchObject({
      gtin: '00000012345670',
      warrantyMonths: 12,
      position: '6',
    });
    expect((await store.findProductByGtin('04012345000001'))?.id).toBe('P1');
    expect((await store.findProductByGtin('00000012345670'))?.id).toBe('P3');
    expect(await store.findProductByGtin('00000000000017')).toBeNull();
    expect(await store.getProduct('P9')).toBeNull();
    expect(await store.getLocation('Z')).toBeNull();
  });

  it('serves movements by id, filtered by status and reference, paged by id', async () => {
    const [store, log] = [ctx.store(), ctx.log()];
    const movement = (id: string, reference: string | null) => ({
      type: 'MovementCreated',
      data: {
        movementId: id,
        movementType: 'receipt',
        fromLocationId: 'Partners/Vendors',
        toLocationId: 'WH/Stock',
        reference,
        partnerId: 'V1',
        lines: [{ productId: 'LAPTOP', quantity: 1 }],
      },
    });
    const event = (id: string, type: string, data: object = {}) =>
      log.append(movementStreamId(id), { type, data: { movementId: id, ...data } });
    await store.applyBatch([
      log.append(movementStreamId('M2'), movement('M2', 'BILL-1')),
      log.append(movementStreamId('M1'), movement('M1', 'BILL-1')),
      log.append(movementStreamId('M3'), movement('M3', null)),
      event('M1', 'MovementSerialsAssigned', { lineIndex: 0, serialNumbers: ['SN-1'] }),
      event('M1', 'MovementValidated'),
      event('M3', 'MovementCancelled'),
    ]);
    const ids = async (filter: Parameters<ReadStore['listMovements']>[0]) =>
      (await walk((cursor) => store.listMovements(filter, { limit: 1, cursor }))).items.map((m) => m.id);

    expect(await store.getMovement('M1')).toMatchObject({
      status: 'done',
      lines: [{ productId: 'LAPTOP', quantity: 1, serialNumbers: ['SN-1'] }],
      position: '5',
    });
    expect(await ids({})).toEqual(['M1', 'M2', 'M3']);
    expect(await ids({ reference: 'BILL-1' })).toEqual(['M1', 'M2']);
    expect(await ids({ status: 'pending', reference: 'BILL-1' })).toEqual(['M2']);
    expect(await ids({ status: 'cancelled' })).toEqual(['M3']);
    expect(await store.getMovement('M9')).toBeNull();
  });
}
