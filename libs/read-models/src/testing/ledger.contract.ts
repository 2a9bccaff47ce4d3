import {
  consistencyProof,
  eventLeafHash,
  inclusionProof,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type RecordedEvent,
  type SubtreeSource,
} from '@serial/event-store';
import { referenceRoot } from '@serial/event-store/testing/merkle-trees';
import { ProjectionFailedError } from '../projection-store.port';
import {
  idempotencyEvents,
  location,
  type ContractContext,
  type ContractStore,
} from './read-store-contract-fixtures';
import { serialEvents } from './serial-events';

const { received, delivered } = serialEvents;

const sourceOf = (store: ContractStore): SubtreeSource => ({
  subtrees: (addresses) => store.ledgerSubtrees(addresses),
});
const rootOf = (events: readonly RecordedEvent[]) =>
  referenceRoot(events.map((e) => eventLeafHash(e.metadata.hash)));

/** The ledger: a Merkle tree over every event in global order, kept with the batches. */
export function describeLedgerContract(ctx: ContractContext): void {
  describe('ledger', () => {
    it('starts as the empty tree', async () => {
      const store = ctx.store();

      expect(await store.ledgerTip()).toEqual({ treeSize: 0, lastPosition: 0n });
      expect(await store.ledgerLeafIndex(1n)).toBeNull();
      expect(await store.ledgerSubtrees([{ level: 0, index: 0 }])).toEqual(new Map());
    });

    it('holds every event as a leaf, in global order, whatever its type', async () => {
      const [store, log] = [ctx.store(), ctx.log()];
      const events = [log.location(location('A', 'internal')), log.serial(received('SN-1'))];
      events.push(log.append('webhook-1', { type: 'SomethingElseHappened', data: {} }));
      await store.applyBatch(events);

      expect(await store.ledgerTip()).toEqual({ treeSize: 3, lastPosition: 3n });
      expect(await store.ledgerLeafIndex(3n)).toBe(2);
      expect(await treeRoot(sourceOf(store), 3)).toEqual(rootOf(events));
    });

    it('answers the root and proofs of every size up to its own, from its stored subtrees', async () => {
      const [store, log] = [ctx.store(), ctx.log()];
      const events = Array.from({ length: 37 }, (_, i) => log.serial(received(`SN-${i}`)));
      for (const size of [5, 6, 13, 37]) await store.applyBatch(events.slice(0, size));
      const source = sourceOf(store);

      for (let size = 1; size <= events.length; size++) {
        const root = await treeRoot(source, size);
        expect(root).toEqual(rootOf(events.slice(0, size)));
        const leaf = Math.floor((size * 2) / 3);
        const path = await inclusionProof(source, leaf, size);
        expect(verifyInclusion(leaf, size, eventLeafHash(events[leaf].metadata.hash), path, root)).toBe(true);
        const from = Math.ceil(size / 2);
        const proof = await consistencyProof(source, from, size);
        expect(verifyConsistency(from, size, proof, rootOf(events.slice(0, from)), root)).toBe(true);
      }
    });

    it('adds nothing when batches are applied again or overlap', async () => {
      const [store, other] = [ctx.store(), await ctx.open()];
      const events = idempotencyEvents();
      await store.applyBatch(events);
      for (let start = 0; start < events.length; start += 150) {
        await other.applyBatch(events.slice(Math.max(0, start - 100), start + 150));
      }
      await other.applyBatch(events.slice(-300));

      for (const target of [store, other]) {
        expect(await target.ledgerTip()).toEqual({
          treeSize: events.length,
          lastPosition: BigInt(events.length),
        });
        expect(await treeRoot(sourceOf(target), events.length)).toEqual(rootOf(events));
      }
    });

    it('fails a batch with an event that carries no hash, naming it, and writes none of the batch', async () => {
      const [store, log] = [ctx.store(), ctx.log()];
      const good = log.serial(received('SN-1'));
      const unhashed = log.serial(delivered('SN-1'));
      const { hash: _hash, ...metadata } = unhashed.metadata;

      const failure = store.applyBatch([good, { ...unhashed, metadata }]);

      await expect(failure).rejects.toBeInstanceOf(ProjectionFailedError);
      await expect(failure).rejects.toMatchObject({ projection: 'ledger', position: unhashed.position });
      expect(await store.ledgerTip()).toEqual({ treeSize: 0, lastPosition: 0n });
      expect(await store.checkpoint()).toBe(0n);
    });

    it('is rebuilt with the read models, and finds leaves by positions past 2^53', async () => {
      const [store, log] = [ctx.store(), ctx.log()];
      const far = 2n ** 62n;
      const events = [received('SN-1'), delivered('SN-1')].map((event, index) => ({
        ...log.serial(event),
        position: far + BigInt(index),
      }));
      await store.applyBatch(events);
      const rebuild = await store.beginRebuild();
      await rebuild.applyBatch(events);
      await rebuild.finishBulkLoad();
      await rebuild.swapIn();

      expect(await store.ledgerTip()).toEqual({ treeSize: 2, lastPosition: far + 1n });
      expect(await store.ledgerLeafIndex(far + 1n)).toBe(1);
      expect(await treeRoot(sourceOf(store), 2)).toEqual(rootOf(events));
    });
  });
}
