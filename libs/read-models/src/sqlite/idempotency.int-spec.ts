import type { RecordedEvent } from '@serial/event-store';
import { join } from 'node:path';
import fc from 'fast-check';
import { EventLog } from '../testing/event-log';
import { dumpTables, rewindCheckpoints, temporaryDirectory } from '../testing/read-store-files';
import { runSerialCommands, serialCommand } from '../testing/serial-commands';
import { recordWorkload } from '../testing/workload';
import { SqliteReadStore } from './sqlite-read-store';

/** Applies batches to a fresh store and returns its full table dump. */
async function tablesAfter(
  directory: string,
  label: string,
  run: (store: SqliteReadStore, path: string) => Promise<void>,
): Promise<Record<string, unknown[]>> {
  const path = join(directory, label);
  const store = SqliteReadStore.open(path);
  try {
    await run(store, path);
  } finally {
    await store.close();
  }
  return dumpTables(path);
}

async function inBatches(
  store: SqliteReadStore,
  events: readonly RecordedEvent[],
  size: number,
): Promise<void> {
  for (let start = 0; start < events.length; start += size)
    await store.applyBatch(events.slice(start, start + size));
}

describe('idempotent projection writes', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  const log = new EventLog();
  const { events: commandEvents } = runSerialCommands(
    fc.sample(fc.array(serialCommand, { minLength: 200, maxLength: 200 }), { numRuns: 1, seed: 42 })[0],
    12,
  ).log;
  recordWorkload(log, 600);
  for (const event of commandEvents) log.append(event.streamId, event);
  const { events } = log;

  beforeEach(() => (directory = temporaryDirectory('idempotency')));
  afterEach(() => directory.remove());

  it('gives identical tables for one pass, the same range twice, and overlapping batches', async () => {
    const once = await tablesAfter(directory.path, 'once', (store) => inBatches(store, events, 250));
    const twice = await tablesAfter(directory.path, 'twice', async (store) => {
      await store.applyBatch(events);
      await store.applyBatch(events);
    });
    const overlapping = await tablesAfter(directory.path, 'overlapping', async (store) => {
      for (let start = 0; start < events.length; start += 150) {
        await store.applyBatch(events.slice(Math.max(0, start - 100), start + 150));
      }
    });

    expect(events.length).toBeGreaterThan(2400);
    expect(once.serial_history).toHaveLength(
      events.filter((event) => event.type.startsWith('Serial')).length,
    );
    expect(twice).toEqual(once);
    expect(overlapping).toEqual(once);
  });

  it('gives identical tables when documents were written past their checkpoint and everything replays', async () => {
    const once = await tablesAfter(directory.path, 'once', (store) => store.applyBatch(events));
    const replayed = await tablesAfter(directory.path, 'replayed', async (store, path) => {
      await inBatches(store, events, 400);
      await store.close();
      rewindCheckpoints(path, 0n);
      const reopened = SqliteReadStore.open(path);
      await inBatches(reopened, events, 333);
      await reopened.close();
    });

    expect(replayed).toEqual(once);
  });
});
