import type { RecordedEvent } from '../event-store.port';
import {
  anEvent,
  events,
  expectStrictlyIncreasing,
  positionsOf,
  sleep,
  uniqueStreamId,
  type StoreUnderTest,
} from './contract-fixtures';

export function describeReadContract(store: StoreUnderTest): void {
  describe('reading', () => {
    it('reads a missing stream as empty', async () => {
      expect(await store().readStream(uniqueStreamId('missing'))).toEqual([]);
    });

    it('records every field of an event', async () => {
      const streamId = uniqueStreamId('fields');
      const event = anEvent({ serialNumber: 'SN-1' }, { userId: 'user-1' });
      const before = Date.now();
      await store().appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [event] }]);

      const [recorded] = await store().readStream(streamId);

      expect(recorded).toMatchObject({ ...event, streamId, revision: 0 });
      expect(typeof recorded.position).toBe('bigint');
      expect(recorded.recordedAt).toBeInstanceOf(Date);
      expect(Math.abs(recorded.recordedAt.getTime() - before)).toBeLessThan(60_000);
    });

    it('round-trips nested, unicode JSON data and flat string metadata', async () => {
      const streamId = uniqueStreamId('json');
      const data = {
        name: 'Größe ✓ 序列号 🚚 "quoted" \\ back\nline',
        nested: { list: [1, 2.5, -3e-7, true, false, null, { deep: ['x'] }], empty: {}, none: [] },
        big: Number.MAX_SAFE_INTEGER,
      };
      const metadata = {
        userId: 'ü-1',
        previousHash: '0'.repeat(64),
        occurredAt: '2024-01-02T03:04:05.678Z',
      };
      await store().appendToStreams([
        { streamId, expectedRevision: 'no_stream', events: [anEvent(data, metadata)] },
      ]);

      const [recorded] = await store().readStream(streamId);

      expect(recorded.data).toEqual(data);
      expect(recorded.metadata).toEqual(metadata);
    });

    it('reads a stream up to a position', async () => {
      const streamId = uniqueStreamId('as-of-position');
      for (const expectedRevision of ['no_stream', 0, 1] as const) {
        await store().appendToStreams([{ streamId, expectedRevision, events: [anEvent()] }]);
      }
      const all = await store().readStream(streamId);

      const upToSecond = await store().readStream(streamId, { maxPosition: all[1].position });

      expect(upToSecond).toEqual(all.slice(0, 2));
    });

    it('reads a stream up to a time', async () => {
      const streamId = uniqueStreamId('as-of-time');
      await store().appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [anEvent()] }]);
      await sleep(30);
      await store().appendToStreams([{ streamId, expectedRevision: 0, events: [anEvent()] }]);
      const all = await store().readStream(streamId);

      const atFirst = await store().readStream(streamId, { maxRecordedAt: all[0].recordedAt });
      const beforeFirst = await store().readStream(streamId, {
        maxRecordedAt: new Date(all[0].recordedAt.getTime() - 1),
      });

      expect(atFirst).toEqual(all.slice(0, 1));
      expect(beforeFirst).toEqual([]);
    });

    it('reads several streams at once, with every id asked for as a key', async () => {
      const [first, second, missing] = ['first', 'second', 'missing'].map(uniqueStreamId);
      await store().appendToStreams([
        { streamId: second, expectedRevision: 'no_stream', events: events(2) },
        { streamId: first, expectedRevision: 'no_stream', events: events(3) },
      ]);

      const streams = await store().readStreams([first, missing, second]);

      expect([...streams.keys()].sort()).toEqual([first, missing, second].sort());
      expect(streams.get(first)!.map((event) => event.revision)).toEqual([0, 1, 2]);
      expect(streams.get(second)!.map((event) => event.streamId)).toEqual([second, second]);
      expect(streams.get(missing)).toEqual([]);
      expect(await store().readStreams([])).toEqual(new Map());
    });

    it('pages through all events in global order, each exactly once', async () => {
      const start = await store().headPosition();
      const [first, second] = ['first', 'second'].map(uniqueStreamId);
      await store().appendToStreams([{ streamId: first, expectedRevision: 'no_stream', events: events(4) }]);
      await store().appendToStreams([
        { streamId: second, expectedRevision: 'no_stream', events: events(3) },
        { streamId: first, expectedRevision: 3, events: events(2) },
      ]);
      const expected = [
        ...(await store().readStream(first)).slice(0, 4),
        ...(await store().readStream(second)),
      ];
      expected.push(...(await store().readStream(first)).slice(4));

      const seen: RecordedEvent[] = [];
      for (let after = start; ;) {
        const page = await store().readAll({ after, limit: 3 });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(3);
        seen.push(...page);
        after = page[page.length - 1].position;
      }

      expectStrictlyIncreasing(positionsOf(seen));
      const ours = seen.filter((event) => event.streamId === first || event.streamId === second);
      expect(ours.map((event) => event.eventId)).toEqual(expected.map((event) => event.eventId));
      expect(positionsOf(ours)).toEqual(positionsOf(expected));
    });

    it('reports the head position as that of the last event appended', async () => {
      const result = await store().appendToStreams([
        { streamId: uniqueStreamId('head'), expectedRevision: 'no_stream', events: events(2) },
      ]);

      expect(await store().headPosition()).toBeGreaterThanOrEqual(result.position);
    });

    it('answers a ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });
  });
}
