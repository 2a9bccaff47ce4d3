import { WrongExpectedRevisionError, type AppendResult } from '../event-store.port';
import {
  anEvent,
  events,
  expectStrictlyIncreasing,
  positionsOf,
  uniqueStreamId,
  type StoreUnderTest,
} from './contract-fixtures';

export function describeAppendContract(store: StoreUnderTest): void {
  describe('appendToStreams', () => {
    it('creates a stream expected as no_stream and reports its revision and last position', async () => {
      const streamId = uniqueStreamId('new');
      const result = await store().appendToStreams([
        { streamId, expectedRevision: 'no_stream', events: events(3) },
      ]);

      const recorded = await store().readStream(streamId);
      expect(recorded.map((event) => event.revision)).toEqual([0, 1, 2]);
      expect(result.revisions.get(streamId)).toBe(2);
      expect(result.position).toBe(recorded[2].position);
    });

    it('rejects no_stream on an existing stream', async () => {
      const streamId = uniqueStreamId('existing');
      await store().appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(1) }]);

      const append = store().appendToStreams([
        { streamId, expectedRevision: 'no_stream', events: events(1) },
      ]);

      await expect(append).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(append).rejects.toMatchObject({
        conflicts: [{ streamId, expected: 'no_stream', actual: 0 }],
      });
    });

    it('appends after the expected revision and rejects a stale one', async () => {
      const streamId = uniqueStreamId('numeric');
      await store().appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(2) }]);

      const result = await store().appendToStreams([{ streamId, expectedRevision: 1, events: events(1) }]);
      const stale = store().appendToStreams([{ streamId, expectedRevision: 1, events: events(1) }]);

      expect(result.revisions.get(streamId)).toBe(2);
      await expect(stale).rejects.toMatchObject({ conflicts: [{ streamId, expected: 1, actual: 2 }] });
      expect(await store().readStream(streamId)).toHaveLength(3);
    });

    it('appends with any to a new and to an existing stream', async () => {
      const streamId = uniqueStreamId('any');
      await store().appendToStreams([{ streamId, expectedRevision: 'any', events: events(1) }]);
      const result = await store().appendToStreams([
        { streamId, expectedRevision: 'any', events: events(1) },
      ]);

      expect(result.revisions.get(streamId)).toBe(1);
    });

    it('writes nothing and names every conflicting stream when any expectation fails', async () => {
      const [existing, atOne, fresh, alsoFresh] = ['existing', 'at-one', 'fresh', 'also-fresh'].map(
        uniqueStreamId,
      );
      await store().appendToStreams([
        { streamId: existing, expectedRevision: 'no_stream', events: events(1) },
        { streamId: atOne, expectedRevision: 'no_stream', events: events(2) },
      ]);

      const append = store().appendToStreams([
        { streamId: existing, expectedRevision: 'no_stream', events: events(1) },
        { streamId: atOne, expectedRevision: 1, events: events(1) },
        { streamId: fresh, expectedRevision: 0, events: events(1) },
        { streamId: alsoFresh, expectedRevision: 'no_stream', events: events(1) },
      ]);

      const error = await append.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).conflicts).toEqual(
        expect.arrayContaining([
          { streamId: existing, expected: 'no_stream', actual: 0 },
          { streamId: fresh, expected: 0, actual: -1 },
        ]),
      );
      expect((error as WrongExpectedRevisionError).conflicts).toHaveLength(2);
      const streams = await store().readStreams([existing, atOne, fresh, alsoFresh]);
      expect([...streams.values()].map((recorded) => recorded.length)).toEqual([1, 2, 0, 0]);
    });

    it('writes several streams in one append with increasing positions in append order', async () => {
      const [first, second] = ['first', 'second'].map(uniqueStreamId);
      const result = await store().appendToStreams([
        { streamId: first, expectedRevision: 'no_stream', events: events(2) },
        { streamId: second, expectedRevision: 'no_stream', events: events(2) },
      ]);

      const streams = await store().readStreams([first, second]);
      const positions = positionsOf([...streams.get(first)!, ...streams.get(second)!]);
      expectStrictlyIncreasing(positions);
      expect(result.position).toBe(positions[3]);
      expect(result.revisions).toEqual(
        new Map([
          [first, 1],
          [second, 1],
        ]),
      );
    });

    it('gives later appends greater positions', async () => {
      const streamId = uniqueStreamId('order');
      const results: AppendResult[] = [];
      for (let revision = -1; revision < 4; revision += 1) {
        const expectedRevision = revision < 0 ? 'no_stream' : revision;
        results.push(await store().appendToStreams([{ streamId, expectedRevision, events: [anEvent()] }]));
      }

      const recorded = await store().readStream(streamId);
      expect(positionsOf(recorded)).toEqual(results.map((result) => result.position));
      expectStrictlyIncreasing(positionsOf(recorded));
    });

    it('lets exactly one of concurrent appends with the same expectation win', async () => {
      const streamId = uniqueStreamId('race');
      await store().appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(1) }]);

      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          store().appendToStreams([{ streamId, expectedRevision: 0, events: events(1) }]),
        ),
      );

      const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(rejected.every((outcome) => outcome.reason instanceof WrongExpectedRevisionError)).toBe(true);
      expect(await store().readStream(streamId)).toHaveLength(2);
    });

    it('only checks the expectation of a stream given no events', async () => {
      const [existing, missing] = ['existing', 'missing'].map(uniqueStreamId);
      await store().appendToStreams([
        { streamId: existing, expectedRevision: 'no_stream', events: events(1) },
      ]);

      const result = await store().appendToStreams([
        { streamId: existing, expectedRevision: 0, events: [] },
        { streamId: missing, expectedRevision: 'no_stream', events: [] },
      ]);
      const conflict = store().appendToStreams([
        { streamId: existing, expectedRevision: 'no_stream', events: [] },
      ]);

      expect(result.revisions).toEqual(
        new Map([
          [existing, 0],
          [missing, -1],
        ]),
      );
      expect(result.position).toBeGreaterThanOrEqual((await store().readStream(existing))[0].position);
      await expect(conflict).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store().readStream(missing)).toEqual([]);
    });

    it('answers an empty append with the head position and writes nothing', async () => {
      const head = await store().headPosition();

      const result = await store().appendToStreams([]);

      expect(result.revisions.size).toBe(0);
      expect(result.position).toBeGreaterThanOrEqual(head);
    });

    it('rejects a stream named twice without writing anything', async () => {
      const [twice, other] = ['twice', 'other'].map(uniqueStreamId);

      const append = store().appendToStreams([
        { streamId: other, expectedRevision: 'no_stream', events: events(1) },
        { streamId: twice, expectedRevision: 'no_stream', events: events(1) },
        { streamId: twice, expectedRevision: 'any', events: events(1) },
      ]);

      await expect(append).rejects.toThrow();
      expect(await store().readStreams([twice, other])).toEqual(
        new Map([
          [twice, []],
          [other, []],
        ]),
      );
    });
  });
}
