import type { RecordedEvent, Subscription } from '../event-store.port';
import {
  deferred,
  events,
  expectStrictlyIncreasing,
  positionsOf,
  sleep,
  uniqueStreamId,
  waitUntil,
  type StoreUnderTest,
} from './contract-fixtures';

const QUIET_PERIOD_MS = 300;

export function describeSubscriptionContract(store: StoreUnderTest): void {
  describe('subscribeToAll', () => {
    const subscriptions: Subscription[] = [];
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
    });

    function collect(streamId: string, options: { after?: bigint; batchSize?: number }) {
      const received: RecordedEvent[] = [];
      const batches: (readonly RecordedEvent[])[] = [];
      const subscription = store().subscribeToAll({
        ...options,
        onEvents: async (batch) => {
          batches.push(batch);
          received.push(...batch.filter((event) => event.streamId === streamId));
        },
      });
      subscriptions.push(subscription);
      return { received, batches, subscription };
    }

    it('catches up, then delivers live events in order without gaps or duplicates', async () => {
      const start = await store().headPosition();
      const streamId = uniqueStreamId('live');
      await store().appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(3) }]);

      const { received, batches } = collect(streamId, { after: start, batchSize: 2 });
      await waitUntil(() => received.length === 3);
      await store().appendToStreams([{ streamId, expectedRevision: 2, events: events(2) }]);
      await store().appendToStreams([{ streamId, expectedRevision: 4, events: events(1) }]);
      await waitUntil(() => received.length === 6);

      const stored = await store().readStream(streamId);
      expect(received.map((event) => event.eventId)).toEqual(stored.map((event) => event.eventId));
      expect(batches.every((batch) => batch.length >= 1 && batch.length <= 2)).toBe(true);
      expectStrictlyIncreasing(positionsOf(batches.flat()));
    });

    it('resumes after a checkpoint', async () => {
      const streamId = uniqueStreamId('resume');
      await store().appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(4) }]);
      const stored = await store().readStream(streamId);

      const { received } = collect(streamId, { after: stored[1].position });
      await waitUntil(() => received.length === 2);
      await sleep(QUIET_PERIOD_MS);

      expect(received.map((event) => event.revision)).toEqual([2, 3]);
    });

    it('hands over the next batch only after the previous one was handled', async () => {
      const start = await store().headPosition();
      const streamId = uniqueStreamId('sequential');
      await store().appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(5) }]);
      let handling = 0;
      let mostAtOnce = 0;
      let delivered = 0;

      subscriptions.push(
        store().subscribeToAll({
          after: start,
          batchSize: 1,
          onEvents: async (batch) => {
            handling += 1;
            mostAtOnce = Math.max(mostAtOnce, handling);
            await sleep(10);
            delivered += batch.filter((event) => event.streamId === streamId).length;
            handling -= 1;
          },
        }),
      );
      await waitUntil(() => delivered === 5);

      expect(mostAtOnce).toBe(1);
    });

    it('closes after the batch in hand is handled and delivers nothing more', async () => {
      const start = await store().headPosition();
      const streamId = uniqueStreamId('close');
      await store().appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(1) }]);
      const release = deferred();
      let calls = 0;
      const subscription = store().subscribeToAll({
        after: start,
        onEvents: async () => {
          calls += 1;
          await release.promise;
        },
      });
      subscriptions.push(subscription);
      await waitUntil(() => calls === 1);

      let closed = false;
      const closing = subscription.close().then(() => (closed = true));
      await sleep(50);
      expect(closed).toBe(false);
      release.resolve();
      await closing;
      await store().appendToStreams([{ streamId, expectedRevision: 0, events: events(2) }]);
      await sleep(QUIET_PERIOD_MS);

      expect(calls).toBe(1);
    });

    it('stops and reports when the subscriber fails', async () => {
      const start = await store().headPosition();
      const streamId = uniqueStreamId('failing');
      await store().appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(1) }]);
      const failure = new Error('subscriber failed');
      const errors: unknown[] = [];
      let calls = 0;

      subscriptions.push(
        store().subscribeToAll({
          after: start,
          onEvents: async () => {
            calls += 1;
            throw failure;
          },
          onError: (error) => errors.push(error),
        }),
      );
      await waitUntil(() => errors.length === 1);
      await store().appendToStreams([{ streamId, expectedRevision: 0, events: events(1) }]);
      await sleep(QUIET_PERIOD_MS);

      expect(errors).toEqual([failure]);
      expect(calls).toBe(1);
    });
  });
}
