import { SqliteEventStore } from '@serial/event-store';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Projector } from './projector';
import { SqliteReadStore } from '../sqlite/sqlite-read-store';
import { eventually, freshTables, silentLogger } from '../testing/projector-fixtures';
import { dumpTables, temporaryDirectory } from '../testing/read-store-files';
import { appendWorkload, workloadEventCount } from '../testing/workload';

const repositoryRoot = resolve(__dirname, '../../../..');

/** Runs testing/crash-child.ts and kills it with SIGKILL once it is inside batch `crashAtBatch`. */
async function killProjectorInsideBatch(
  eventsFile: string,
  readModels: string,
  crashAtBatch: number,
  batchSize: number,
) {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register',
      '-r',
      'tsconfig-paths/register',
      join(__dirname, '..', 'testing', 'crash-child.ts'),
      eventsFile,
      readModels,
      String(crashAtBatch),
      String(batchSize),
    ],
    {
      cwd: repositoryRoot,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<NodeJS.Signals | null>((settle) =>
    child.on('exit', (_code, signal) => settle(signal)),
  );
  await new Promise<void>((inside, failed) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('inside the batch') && inside());
    child.on('exit', () => failed(new Error('the projector process ended before the crash point')));
  });
  child.kill('SIGKILL');
  return exited;
}

describe('Projector killed mid-batch', () => {
  let directory: ReturnType<typeof temporaryDirectory>;

  beforeEach(() => (directory = temporaryDirectory('projector-crash')));
  afterEach(() => directory.remove());

  it('loses the unfinished batch whole, and its read models end equal to a fresh projection', async () => {
    const eventsFile = join(directory.path, 'events.sqlite');
    const readModels = join(directory.path, 'read-models');
    const events = SqliteEventStore.open(eventsFile);
    await appendWorkload(events, 1500);

    const signal = await killProjectorInsideBatch(eventsFile, readModels, 4, 1000);

    const store = SqliteReadStore.open(readModels);
    const afterCrash = dumpTables(readModels);
    const projector = new Projector(events, store, { logger: silentLogger });
    try {
      expect(signal).toBe('SIGKILL');
      expect(await store.checkpoint()).toBe(3000n);
      // Three whole batches, nothing of the fourth: every serial event up to position 3000, no more.
      expect(afterCrash.serial_history).toHaveLength(3000 - workloadEventCount(0));
      await projector.start();
      await eventually(async () => (await projector.status()).state === 'live');
      expect(dumpTables(readModels)).toEqual(await freshTables(events, directory.path));
    } finally {
      await projector.stop();
      await store.close();
      await events.close();
    }
  }, 30_000);
});
