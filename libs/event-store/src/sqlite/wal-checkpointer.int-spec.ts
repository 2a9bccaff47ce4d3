import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { anEvent, uniqueStreamId } from '../testing/contract-fixtures';
import { openEventDatabase } from './sqlite-database';
import { SqliteEventStore } from './sqlite-event-store';
import { CHECKPOINT_AFTER_EVENTS, checkpointOffTheLoop } from './wal-checkpointer';

const sizeOf = (file: string) => statSync(file).size;

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await sleep(20);
  }
  return check();
}

describe('WAL checkpoints on a worker thread', () => {
  let directory: string;
  let file: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'wal-checkpointer-'));
    file = join(directory, 'events.sqlite');
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('given an event store, when more events than the threshold commit, then the worker copies the WAL into the file and every event reads back', async () => {
    const store = SqliteEventStore.open(file);
    try {
      const before = sizeOf(file);
      const count = CHECKPOINT_AFTER_EVENTS + 500;
      await store.appendToStreams(
        Array.from({ length: count }, () => ({
          streamId: uniqueStreamId('wal'),
          expectedRevision: 'no_stream' as const,
          events: [anEvent()],
        })),
      );
      // The writer no longer checkpoints (its automatic checkpoint is off): only the worker grows the file.
      expect(await eventually(() => sizeOf(file) > before + 256 * 1024)).toBe(true);
      expect(await store.headPosition()).toBe(BigInt(count));
      expect(await store.readAll({ limit: count + 1 })).toHaveLength(count);
    } finally {
      await store.close();
    }
  });

  it('given a worker that cannot open its file, when a checkpoint is due, then the automatic checkpoint is back on and the failure is told', async () => {
    const db = openEventDatabase(file);
    try {
      const failures: Error[] = [];
      const checkpointer = checkpointOffTheLoop(db, join(directory, 'missing.sqlite'), {
        synchronous: 'FULL',
        onFailure: (error) => failures.push(error),
      });
      expect(Number(db.pragma('wal_autocheckpoint', { simple: true }))).toBe(0);
      checkpointer.committed(CHECKPOINT_AFTER_EVENTS);
      expect(await eventually(() => failures.length > 0)).toBe(true);
      expect(Number(db.pragma('wal_autocheckpoint', { simple: true }))).toBe(1000);
      expect(failures).toHaveLength(1);
      await checkpointer.close();
    } finally {
      db.close();
    }
  });

  it('given two files on the one checkpoint thread, when one cannot be opened, then it fails alone and the other keeps being checkpointed', async () => {
    const storeFailures: Error[] = [];
    const store = SqliteEventStore.open(file, { onCheckpointFailure: (error) => storeFailures.push(error) });
    const broken = new Database(join(directory, 'other.sqlite'));
    const appendMany = () =>
      store.appendToStreams(
        Array.from({ length: CHECKPOINT_AFTER_EVENTS + 100 }, () => ({
          streamId: uniqueStreamId('wal'),
          expectedRevision: 'no_stream' as const,
          events: [anEvent()],
        })),
      );
    try {
      await appendMany();
      expect(await eventually(() => sizeOf(file) > 256 * 1024)).toBe(true);
      const failures: Error[] = [];
      const other = checkpointOffTheLoop(broken, join(directory, 'missing.sqlite'), {
        synchronous: 'NORMAL',
        onFailure: (error) => failures.push(error),
      });
      other.committed(CHECKPOINT_AFTER_EVENTS);
      expect(await eventually(() => failures.length > 0)).toBe(true);
      const grown = sizeOf(file);
      await appendMany();
      expect(await eventually(() => sizeOf(file) > grown + 256 * 1024)).toBe(true);
      expect(failures).toHaveLength(1);
      expect(storeFailures).toEqual([]);
      await other.close();
    } finally {
      await store.close();
      broken.close();
    }
  });

  it('given fewer events than the threshold, starts no worker, and close() then has nothing to wait for', async () => {
    const db = new Database(file);
    try {
      const checkpointer = checkpointOffTheLoop(db, file, { synchronous: 'NORMAL' });
      checkpointer.committed(CHECKPOINT_AFTER_EVENTS - 1);
      await checkpointer.close();
      expect(Number(db.pragma('wal_autocheckpoint', { simple: true }))).toBe(0);
    } finally {
      db.close();
    }
  });
});
