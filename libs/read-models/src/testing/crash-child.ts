import { SqliteEventStore } from '@serial/event-store';
import { writeSync } from 'node:fs';
import { Projector } from '../projector/projector';
import { SqliteReadStore } from '../sqlite/sqlite-read-store';
import { silentLogger } from './projector-fixtures';

/**
 * A projector process for the crash test: inside batch `crashAtBatch`, after its documents are written
 * and before its checkpoint is, it says so and hangs until the test kills it with SIGKILL.
 */
const [eventsFile, readModels, crashAtBatch, batchSize] = process.argv.slice(2);
let batches = 0;
const store = SqliteReadStore.open(readModels, {
  beforeCheckpoint: () => {
    batches += 1;
    if (batches !== Number(crashAtBatch)) return;
    writeSync(1, 'inside the batch\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  },
});
const projector = new Projector(SqliteEventStore.open(eventsFile), store, {
  batchSize: Number(batchSize),
  logger: silentLogger,
});
void projector.start();
