import type { SerialEvent, SerialLifecycleState } from '@serial/domain';
import { InvalidCursorError, type WarrantyQuery } from '../read-store.port';
import { walk, type ContractContext } from './read-store-contract-fixtures';
import { serialEvents } from './serial-events';

const { registered, received, transferred, delivered, returned, scrapped, adjusted } = serialEvents;
const { correctedOut, correctedIn, warrantySet } = serialEvents;

/** The lifecycle state, the warranty report and the history of corrections, as every adapter serves them. */
export function describeSerialFieldQueries(ctx: ContractContext): void {
  const apply = (...events: SerialEvent[]) =>
    ctx.store().applyBatch(events.map((event) => ctx.log().serial(event)));

  it('stores each serial’s lifecycle state and filters by it', async () => {
    await apply(
      registered('SN-R'),
      received('SN-S'),
      received('SN-T'),
      transferred('SN-T', { to: 'Transit/Truck', toType: 'transit' }),
      received('SN-C'),
      delivered('SN-C'),
      received('SN-X'),
      scrapped('SN-X'),
      received('SN-W'),
      adjusted('SN-W', 'lost'),
    );
    const inState = async (state: SerialLifecycleState) =>
      (await ctx.store().listSerials({ state }, { limit: 10 })).items.map((s) => s.serialNumber);

    expect(await inState('registered')).toEqual(['SN-R']);
    expect(await inState('in_stock')).toEqual(['SN-S']);
    expect(await inState('in_transit')).toEqual(['SN-T']);
    expect(await inState('at_customer')).toEqual(['SN-C']);
    expect(await inState('scrapped')).toEqual(['SN-X']);
    expect(await inState('written_off')).toEqual(['SN-W']);
    expect(await ctx.store().getSerial('LAPTOP', 'SN-C')).toMatchObject({ state: 'at_customer' });
  });

  it('reports active warranties only, soonest end first, by customer now, paged', async () => {
    const starts = '2026-01-01T00:00:00Z';
    await apply(
      received('SN-1'),
      delivered('SN-1', 'C1'),
      warrantySet('SN-1', starts, '2027-06-01T00:00:00Z'),
      received('SN-2'),
      delivered('SN-2', 'C2'),
      warrantySet('SN-2', '2026-01-01T00:00:00.000Z', '2027-03-01T00:00:00.000+01:00'),
      received('SN-3'),
      delivered('SN-3', 'C1'),
      warrantySet('SN-3', starts, '2027-01-01T00:00:00Z'),
      returned('SN-3', 'C1'),
      scrapped('SN-3'),
      received('SN-4'),
      delivered('SN-4', 'C1'),
      warrantySet('SN-4', starts, '2027-02-01T00:00:00Z'),
      returned('SN-4', 'C1'),
      received('SN-5'),
      warrantySet('SN-5', starts, '2027-01-15T00:00:00Z'),
      adjusted('SN-5', 'lost'),
      received('SN-6'),
      warrantySet('SN-6', starts, '2026-02-01T00:00:00Z'),
      received('SN-7'),
      warrantySet('SN-7', '2026-12-01T00:00:00Z', '2027-02-01T00:00:00Z'),
    );
    const query: WarrantyQuery = {
      expiringBefore: new Date('2027-12-31T00:00:00Z'),
      now: new Date('2026-06-01T00:00:00Z'),
    };
    const report = async (extra: Partial<WarrantyQuery> = {}, limit = 100) =>
      (await walk((cursor) => ctx.store().warranties({ ...query, ...extra }, { limit, cursor }))).items;

    const all = await report();
    expect(all.map((s) => s.serialNumber)).toEqual(['SN-4', 'SN-2', 'SN-1']);
    expect(all[0]).toMatchObject({ state: 'in_stock', customerId: null, deliveredAt: null });
    expect(all[2].warranty).toEqual({ startsAt: starts, endsAt: '2027-06-01T00:00:00Z' });
    expect((await report({}, 1)).map((s) => s.serialNumber)).toEqual(['SN-4', 'SN-2', 'SN-1']);
    expect((await report({ customerId: 'C1' })).map((s) => s.serialNumber)).toEqual(['SN-1']);
    expect(await report({ customerId: 'C9' })).toEqual([]);
    expect(await report({ expiringBefore: new Date('2027-02-15T00:00:00Z') })).toHaveLength(1);
    const first = await ctx.store().warranties(query, { limit: 1 });
    const serialCursor = (await ctx.store().listSerials({}, { limit: 1 })).nextCursor as string;
    for (const cursor of ['not a cursor!', serialCursor, `${first.nextCursor}x`]) {
      await expect(ctx.store().warranties(query, { limit: 1, cursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    }
  });

  it('names the counterpart of each correction entry, and no other', async () => {
    await apply(received('SN-A'), correctedOut('SN-A', 'SN-B'), correctedIn('SN-B', 'SN-A'));
    const counterparts = async (sn: string) =>
      (await ctx.store().serialHistory('LAPTOP', sn)).map((e) => [e.type, e.counterpartSerialNumber]);

    expect(await counterparts('SN-A')).toEqual([
      ['SerialReceived', null],
      ['SerialCorrectedOut', 'SN-B'],
    ]);
    expect(await counterparts('SN-B')).toEqual([['SerialCorrectedIn', 'SN-A']]);
  });
}
