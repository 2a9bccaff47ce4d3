import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DuplicateEventIdError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type RecordedEvent,
} from '../event-store.port';
import { anEvent, events, sleep, uniqueStreamId, waitUntil } from '../testing/contract-fixtures';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore, type GroupCommit } from './sqlite-event-store';

function temporaryDirectory(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

describeEventStoreContract('SqliteEventStore', async () => {
  const directory = temporaryDirectory();
  const store = SqliteEventStore.open(join(directory.path, 'events.sqlite'), { pollIntervalMs: 20 });
  return {
    store,
    teardown: async () => {
      await store.close();
      directory.remove();
    },
  };
});

describe('SqliteEventStore', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let file: string;
  const opened: SqliteEventStore[] = [];
  const open = (options?: Parameters<typeof SqliteEventStore.open>[1]) => {
    const store = SqliteEventStore.open(file, { pollIntervalMs: 20, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    directory = temporaryDirectory();
    file = join(directory.path, 'nested', 'events.sqlite');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    directory.remove();
  });

  it('starts empty at head position 0 in a directory it creates', async () => {
    const store = open();

    expect(await store.headPosition()).toBe(0n);
    expect(await store.readAll({ limit: 10 })).toEqual([]);
  });

  it('keeps appended events across close and reopen', async () => {
    const streamId = uniqueStreamId('durable');
    const first = open();
    await first.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(2) }]);
    const before = await first.readStream(streamId);
    await first.close();

    const reopened = open();

    expect(await reopened.readStream(streamId)).toEqual(before);
    expect(await reopened.headPosition()).toBe(before[1].position);
  });

  it('never hands out a position again, even after the last event was deleted', async () => {
    const store = open();
    const { position } = await store.appendToStreams([
      { streamId: uniqueStreamId('deleted'), expectedRevision: 'no_stream', events: events(1) },
    ]);
    const raw = new Database(file);
    raw.prepare('DELETE FROM events WHERE position = ?').run(position);
    raw.close();

    const next = await store.appendToStreams([
      { streamId: uniqueStreamId('after'), expectedRevision: 'no_stream', events: events(1) },
    ]);

    expect(next.position).toBeGreaterThan(position);
  });

  it('rejects an event id already stored or repeated in the call, writing nothing', async () => {
    const store = open();
    const [stream, other] = ['stream', 'other'].map(uniqueStreamId);
    const stored = anEvent();
    await store.appendToStreams([{ streamId: stream, expectedRevision: 'no_stream', events: [stored] }]);
    const repeated = anEvent();

    const again = store.appendToStreams([
      { streamId: other, expectedRevision: 'no_stream', events: [anEvent(), { ...stored }] },
    ]);
    const twice = store.appendToStreams([
      { streamId: other, expectedRevision: 'no_stream', events: [repeated, repeated] },
    ]);

    await expect(again).rejects.toEqual(expect.any(DuplicateEventIdError));
    await expect(again).rejects.toMatchObject({ eventId: stored.eventId });
    await expect(twice).rejects.toMatchObject({ eventId: repeated.eventId });
    expect(await store.readStream(other)).toEqual([]);
  });

  it('commits appends of the same turn together, refusing only those that fail', async () => {
    const commits: GroupCommit[] = [];
    const store = open({ onGroupCommit: (group) => commits.push(group) });
    const [shared, duplicated, alone] = ['shared', 'duplicated', 'alone'].map(uniqueStreamId);
    const first = anEvent();

    const results = await Promise.allSettled([
      store.appendToStreams([{ streamId: shared, expectedRevision: 'no_stream', events: [first] }]),
      store.appendToStreams([{ streamId: shared, expectedRevision: 'no_stream', events: events(1) }]),
      store.appendToStreams([
        { streamId: duplicated, expectedRevision: 'no_stream', events: [anEvent(), { ...first }] },
      ]),
      store.appendToStreams([{ streamId: alone, expectedRevision: 'no_stream', events: events(2) }]),
    ]);

    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect(results[1]).toMatchObject({ reason: expect.any(WrongExpectedRevisionError) });
    expect(results[2]).toMatchObject({ reason: expect.any(DuplicateEventIdError) });
    expect(commits).toEqual([{ appends: 4, events: 3 }]);
    // Another connection sees exactly the committed appends, in arrival order.
    const other = open();
    const all = await other.readAll({ limit: 10 });
    expect(all.map((event) => event.streamId)).toEqual([shared, alone, alone]);
    expect(all[0].eventId).toBe(first.eventId);
    expect(await other.readStream(duplicated)).toEqual([]);
  });

  it('commits the appends it has accepted before closing', async () => {
    const streamId = uniqueStreamId('closing');
    const store = open();
    const appended = store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(2) }]);
    await store.close();

    await expect(appended).resolves.toMatchObject({ revisions: new Map([[streamId, 1]]) });
    expect(await open().readStream(streamId)).toHaveLength(2);
  });

  it('rejects an expected revision that is not a revision', async () => {
    const store = open();
    const streamId = uniqueStreamId('invalid');

    for (const expectedRevision of [-1, 0.5]) {
      await expect(
        store.appendToStreams([{ streamId, expectedRevision, events: events(1) }]),
      ).rejects.toBeInstanceOf(RangeError);
    }
  });

  it('rejects a negative read limit, which SQLite would read as no limit', async () => {
    await expect(open().readAll({ limit: -1 })).rejects.toBeInstanceOf(RangeError);
  });

  it('never records an event earlier than the one before it, even if the clock steps back', async () => {
    let now = new Date('2030-01-01T00:00:00.000Z');
    const store = open({ now: () => now });
    const streamId = uniqueStreamId('clock');
    await store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(1) }]);
    now = new Date('2029-12-31T23:00:00.000Z');
    await store.appendToStreams([{ streamId, expectedRevision: 0, events: events(1) }]);

    const recorded = await store.readStream(streamId);

    expect(recorded.map((event) => event.recordedAt.toISOString())).toEqual([
      '2030-01-01T00:00:00.000Z',
      '2030-01-01T00:00:00.000Z',
    ]);
  });

  it('wakes its own subscriptions on append instead of waiting for the next poll', async () => {
    const store = open({ pollIntervalMs: 60_000 });
    const received: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ onEvents: async (batch) => void received.push(...batch) });
    await sleep(50);

    await store.appendToStreams([
      { streamId: uniqueStreamId('woken'), expectedRevision: 'no_stream', events: events(1) },
    ]);
    await waitUntil(() => received.length === 1, 1000);
    await subscription.close();
  });

  it('reads more streams at once than SQLite binds variables', async () => {
    const store = open();
    const streamIds = Array.from({ length: 40_000 }, (_, index) => `many-${index}`);
    await store.appendToStreams(
      streamIds
        .slice(0, 3)
        .map((streamId) => ({ streamId, expectedRevision: 'no_stream', events: events(1) })),
    );

    const streams = await store.readStreams(streamIds);

    expect(streams.size).toBe(40_000);
    expect([...streams.values()].filter((recorded) => recorded.length === 1)).toHaveLength(3);
  });

  it('delivers appends of another instance on the same file by polling', async () => {
    const writer = open();
    const reader = open();
    const streamId = uniqueStreamId('polled');
    const received: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll({ onEvents: async (batch) => void received.push(...batch) });

    await writer.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: events(3) }]);
    await waitUntil(() => received.length === 3);
    await subscription.close();

    expect(received.map((event) => event.revision)).toEqual([0, 1, 2]);
  });

  it('stops its subscriptions when closed and is then unavailable', async () => {
    const store = open();
    const errors: unknown[] = [];
    store.subscribeToAll({ onEvents: async () => undefined, onError: (error) => errors.push(error) });

    await store.close();

    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAll({ limit: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(errors).toEqual([]);
  });
});
