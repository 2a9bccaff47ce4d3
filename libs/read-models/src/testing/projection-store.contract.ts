import type { RecordedEvent } from '@serial/event-store';
import { PROJECTION_NAMES, ProjectionFailedError } from '../projection-store.port';
import { idempotencyEvents, location, snapshot, type ContractContext } from './read-store-contract-fixtures';
import { serialEvents } from './serial-events';

const { received, delivered } = serialEvents;

/** The projector's side: checkpoints, idempotent and all-or-nothing batches, rebuild generations. */
export function describeProjectionStoreContract(ctx: ContractContext): void {
  it('advances every checkpoint to the last position of each batch, whatever its events', async () => {
    const [store, log] = [ctx.store(), ctx.log()];
    await store.applyBatch([log.serial(received('SN-1'))]);
    await store.applyBatch([log.location(location('A', 'internal'))]);

    expect(await store.checkpoints()).toEqual(PROJECTION_NAMES.map((name) => ({ name, position: 2n })));
    expect(await store.checkpoint()).toBe(2n);
  });

  it('changes nothing when a batch is applied again or batches overlap', async () => {
    const store = ctx.store();
    const events = idempotencyEvents();
    for (let start = 0; start < events.length; start += 250)
      await store.applyBatch(events.slice(start, start + 250));
    const once = await snapshot(store);
    const other = await ctx.open();

    for (let start = 0; start < events.length; start += 150) {
      await other.applyBatch(events.slice(Math.max(0, start - 100), start + 150));
    }
    await other.applyBatch(events);
    await store.applyBatch(events.slice(-300));

    expect(once.serials.length).toBeGreaterThan(100);
    expect(await snapshot(other)).toEqual(once);
    expect(await snapshot(store)).toEqual(once);
  });

  it('fails a batch with an event a projection cannot apply, writing none of it', async () => {
    const [store, log] = [ctx.store(), ctx.log()];
    const good = log.serial(received('SN-1'));
    const broken: RecordedEvent = { ...log.serial(received('SN-2')), recordedAt: new Date(NaN) };

    const failure = store.applyBatch([good, broken]);

    await expect(failure).rejects.toBeInstanceOf(ProjectionFailedError);
    await expect(failure).rejects.toMatchObject({ projection: 'serials', position: broken.position });
    expect(await store.getSerial('LAPTOP', 'SN-1')).toBeNull();
    expect(await store.checkpoint()).toBe(0n);
  });

  it('keeps positions past 2^53 exact', async () => {
    const [store, log] = [ctx.store(), ctx.log()];
    const far = 2n ** 62n;
    const events = [received('SN-1'), delivered('SN-1')].map((e) => log.serial(e));
    await store.applyBatch(events.map((event, index) => ({ ...event, position: far + BigInt(index) })));

    expect((await store.getSerial('LAPTOP', 'SN-1'))?.position).toBe((far + 1n).toString());
    expect((await store.serialHistory('LAPTOP', 'SN-1')).map((e) => e.position)).toEqual([
      far.toString(),
      (far + 1n).toString(),
    ]);
    expect(await store.checkpoint()).toBe(far + 1n);
  });

  describe('rebuild', () => {
    it('serves the old read models while a rebuild fills new ones, then swaps them in', async () => {
      const [store, log] = [ctx.store(), ctx.log()];
      const [receipt, delivery, later] = [received('SN-1'), delivered('SN-1'), received('SN-2')].map((e) =>
        log.serial(e),
      );
      await store.applyBatch([receipt]);
      const rebuild = await store.beginRebuild();

      await rebuild.applyBatch([receipt, delivery]);
      const servedDuring = await store.getSerial('LAPTOP', 'SN-1');
      const checkpointDuring = await store.checkpoint();
      await rebuild.finishBulkLoad();
      expect(await rebuild.checkpoint()).toBe(2n);
      await rebuild.swapIn();
      await store.applyBatch([later]);

      expect(servedDuring).toMatchObject({ status: 'available' });
      expect(checkpointDuring).toBe(1n);
      expect(await store.getSerial('LAPTOP', 'SN-1')).toMatchObject({ status: 'out_of_stock' });
      expect(await store.serialHistory('LAPTOP', 'SN-1')).toHaveLength(2);
      expect(await store.getSerial('LAPTOP', 'SN-2')).toMatchObject({ status: 'available' });
      expect(await store.checkpoint()).toBe(3n);
    });

    it('discards a rebuild and keeps serving; one rebuild at a time', async () => {
      const [store, log] = [ctx.store(), ctx.log()];
      const [receipt, delivery] = [received('SN-1'), delivered('SN-1')].map((e) => log.serial(e));
      await store.applyBatch([receipt]);
      const rebuild = await store.beginRebuild();
      await rebuild.applyBatch([receipt, delivery]);

      await expect(store.beginRebuild()).rejects.toThrow();
      await rebuild.discard();

      expect(await store.getSerial('LAPTOP', 'SN-1')).toMatchObject({ status: 'available' });
      expect(await store.checkpoint()).toBe(1n);
      await expect(rebuild.swapIn()).rejects.toThrow();
      const next = await store.beginRebuild();
      expect(await next.checkpoint()).toBe(0n);
      await next.discard();
    });
  });
}
