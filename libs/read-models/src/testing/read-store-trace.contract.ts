import type { SerialEvent, SerialRef } from '@serial/domain';
import { InvalidCursorError, type TraceQuery } from '../read-store.port';
import { ofProduct, walk, type ContractContext } from './read-store-contract-fixtures';
import { serialEvents } from './serial-events';

const { registered, received, delivered, returned } = serialEvents;
const unit = (serialNumber: string): SerialRef => ({ productId: 'LAPTOP', serialNumber });
const battery = (serialNumber: string): SerialRef => ({ productId: 'BATTERY', serialNumber });

/** The two events of one install, as the assembly decider writes them in one append. */
const installed = (
  component: SerialRef,
  parent: SerialRef,
  reference: string | null = null,
): SerialEvent[] => [
  {
    type: 'SerialInstalled',
    data: {
      ...component,
      fromLocationId: 'WH/Stock',
      toLocationId: null,
      parent,
      movementId: null,
      reference,
    },
  },
  { type: 'ComponentsInstalled', data: { ...parent, components: [component], reference } },
];

const uninstalled = (component: SerialRef, parent: SerialRef): SerialEvent[] => [
  {
    type: 'SerialUninstalled',
    data: {
      ...component,
      fromLocationId: null,
      toLocationId: 'Virtual/Scrap',
      toLocationType: 'scrap',
      parent,
      movementId: null,
      reference: null,
      reason: 'faulty',
    },
  },
  {
    type: 'ComponentsUninstalled',
    data: { ...parent, components: [component], reason: 'faulty', reference: null },
  },
];

/** Traceability: history entries by document and partner, lots, the component tree and topLevel. */
export function describeTraceQueries(ctx: ContractContext): void {
  const apply = (...events: SerialEvent[]) =>
    ctx.store().applyBatch(events.map((event) => ctx.log().serial(event)));
  const traced = async (query: TraceQuery, limit = 100) =>
    (await walk((cursor) => ctx.store().trace(query, { limit, cursor }))).items;

  it('finds every serial a reference ever touched, not only its last, each once across pages', async () => {
    await apply(
      received('SN-1', { reference: 'BILL-X', movementId: 'IN-1' }),
      received('SN-2', { reference: 'BILL-X', movementId: 'IN-1' }),
      received('SN-3', { reference: 'BILL-Y' }),
      delivered('SN-1', 'C1', { reference: 'INV-1' }),
      delivered('SN-2', 'C2', { reference: 'INV-2' }),
      returned('SN-2', 'C2', { reference: 'BILL-X' }),
    );
    const found = await traced({ key: 'reference', value: 'BILL-X' }, 1);
    expect(found.map((item) => item.serialNumber)).toEqual(['SN-1', 'SN-2']);
    expect(found[1].entries.map((entry) => entry.type)).toEqual(['SerialReceived', 'SerialReturned']);
    expect(found[0].serial).toMatchObject({ customerId: 'C1', reference: 'INV-1' });
    expect(found[0].topLevel).toBeNull();
    expect((await traced({ key: 'movementId', value: 'IN-1' })).length).toBe(2);
    expect((await traced({ key: 'vendorId', value: 'V1' })).length).toBe(3);
    const atC2 = await traced({ key: 'customerId', value: 'C2' });
    expect(atC2.map((item) => [item.serialNumber, item.entries.map((entry) => entry.type)])).toEqual([
      ['SN-2', ['SerialDelivered', 'SerialReturned']],
    ]);
    expect(await traced({ key: 'reference', value: 'BILL-X', productId: 'OTHER' })).toEqual([]);
    const other = await ctx.store().trace({ key: 'reference', value: 'BILL-X' }, { limit: 1 });
    await expect(
      ctx.store().trace({ key: 'reference', value: 'BILL-Y' }, { limit: 1, cursor: other.nextCursor ?? '' }),
    ).rejects.toThrow(InvalidCursorError);
  });

  it('follows a lot into the units that hold it, to the outermost, and the tree below a unit', async () => {
    const lot = (sn: string) => ofProduct('BATTERY', registered(sn, { lot: 'L-7' }));
    await apply(
      lot('B-1'),
      ofProduct('BATTERY', received('B-1')),
      lot('B-2'),
      ofProduct('BATTERY', received('B-2')),
      received('LT-1'),
      received('LT-2'),
      ofProduct('RACK', received('R-1')),
    );
    await apply(...installed(battery('B-1'), unit('LT-1')), ...installed(battery('B-2'), unit('LT-2')));
    await apply(
      delivered('LT-1', 'C1'),
      ...installed(unit('LT-2'), { productId: 'RACK', serialNumber: 'R-1' }),
    );
    await apply(ofProduct('RACK', delivered('R-1', 'C2')));

    const found = await traced({ key: 'lot', value: 'L-7' }, 1);
    expect(
      found.map((item) => [item.serialNumber, item.topLevel?.serialNumber, item.topLevel?.customerId]),
    ).toEqual([
      ['B-1', 'LT-1', 'C1'],
      ['B-2', 'R-1', 'C2'],
    ]);
    expect(found[0].entries.map((entry) => entry.type)).toEqual([
      'SerialRegistered',
      'SerialReceived',
      'SerialInstalled',
    ]);
    expect(found[0].entries[2].parent).toEqual(unit('LT-1'));
    expect(await ctx.store().componentTree('RACK', 'R-1')).toEqual([
      expect.objectContaining({
        ...unit('LT-2'),
        components: [expect.objectContaining({ ...battery('B-2'), components: [] })],
      }),
    ]);
    const chain = await ctx.store().installedInChain('BATTERY', 'B-2');
    expect(chain.map((serial) => serial.serialNumber)).toEqual(['LT-2', 'R-1']);

    await apply(
      ...uninstalled(battery('B-1'), unit('LT-1')),
      ...uninstalled(unit('LT-2'), { productId: 'RACK', serialNumber: 'R-1' }),
    );
    const after = await traced({ key: 'lot', value: 'L-7' });
    expect(after.map((item) => item.topLevel?.serialNumber ?? null)).toEqual([null, 'LT-2']);
    expect(await ctx.store().componentTree('LAPTOP', 'LT-1')).toEqual([]);
    expect((await ctx.store().serialHistory('LAPTOP', 'LT-1')).at(-1)).toMatchObject({
      type: 'ComponentsUninstalled',
      components: [battery('B-1')],
      reason: 'faulty',
    });
  });
}
