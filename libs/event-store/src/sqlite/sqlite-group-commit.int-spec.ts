import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuplicateEventIdError, StoreUnavailableError, type StreamAppend } from '../event-store.port';
import { anEvent, uniqueStreamId } from '../testing/contract-fixtures';
import { SqliteEventStore } from './sqlite-event-store';

/** One command's worth: `streams` new streams of one event each, as a 10,000-serial receive. */
function bigAppend(streams: number): StreamAppend[] {
  return Array.from({ length: streams }, () => ({
    streamId: uniqueStreamId('big'),
    expectedRevision: 'no_stream' as const,
    events: [anEvent()],
  }));
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SqliteEventStore group commit in slices', () => {
  let directory: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sqlite-group-commit-'));
    store = SqliteEventStore.open(join(directory, 'events.sqlite'));
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('serves reads between slices of a 10,000-stream append, which see none of it until it commits', async () => {
    let settled = false;
    const append = store.appendToStreams(bigAppend(10_000)).finally(() => (settled = true));
    const seenWhileWriting = new Set<bigint>();
    let turns = 0;
    while (!settled) {
      await nextTurn();
      turns += 1;
      if (!settled) seenWhileWriting.add(await store.headPosition());
    }

    const { position } = await append;
    expect(turns).toBeGreaterThan(1);
    expect([...seenWhileWriting]).toEqual([0n]);
    expect(position).toBe(10_000n);
    expect(await store.headPosition()).toBe(10_000n);
  });

  it('rolls back an append that fails after yielding, and keeps the others of its group', async () => {
    const failing = bigAppend(5_000);
    const taken = failing[0].events[0].eventId;
    const last = failing[failing.length - 1];
    failing[failing.length - 1] = { ...last, events: [{ ...last.events[0], eventId: taken }] };
    const fine = bigAppend(3);

    const results = await Promise.allSettled([store.appendToStreams(failing), store.appendToStreams(fine)]);

    expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.any(DuplicateEventIdError) });
    expect(results[1]).toMatchObject({ status: 'fulfilled', value: { position: 3n } });
    expect(await store.headPosition()).toBe(3n);
  });

  it('writes nothing of a group whose transaction fails mid-way, and goes on with the next one', async () => {
    const writer = (store as unknown as { db: Database.Database }).db;
    const pages = BigInt(writer.pragma('page_count', { simple: true }) as number | bigint);
    // The file may grow a few pages: the 10,000 events need hundreds, so the transaction fails part way.
    writer.pragma(`max_page_count = ${pages + 20n}`);

    await expect(store.appendToStreams(bigAppend(10_000))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await store.headPosition()).toBe(0n);
    expect(writer.inTransaction).toBe(false);

    writer.pragma('max_page_count = 1073741823');
    await expect(store.appendToStreams(bigAppend(2))).resolves.toMatchObject({ position: 2n });
  });
});
