import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { SQLITE_BUSY_TIMEOUT_MS } from './open-sqlite-database';

/**
 * Events committed after which a checkpoint is asked for: about 2 MB of WAL, half of SQLite's own
 * 1,000-page trigger, so that the WAL stays small while the worker catches up.
 */
export const CHECKPOINT_AFTER_EVENTS = 2_000;
const CLOSE_WAIT_MS = 5_000;
/** The worker keeps no JavaScript data: a small heap, not V8's defaults for a new isolate. */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 };
/** SQLite's default automatic checkpoint, restored when the worker fails. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/**
 * The worker's whole program, plain CommonJS (it runs outside Jest's and TypeScript's loaders): its own
 * connection to the file, a PASSIVE checkpoint per message. PASSIVE never waits for the writer nor for
 * readers: it copies what it can, and the writer starts the WAL over once everything was copied.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const failed = (error) => ({ ok: false, message: String((error && error.message) || error) });
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
  db.pragma('synchronous = ' + workerData.synchronous);
} catch (error) {
  parentPort.postMessage(failed(error));
}
parentPort.on('message', (message) => {
  if (message === 'close') {
    if (db && db.open) db.close();
    parentPort.close();
    return;
  }
  if (!db) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage(failed(error));
  }
});
`;

export interface WalCheckpointerOptions {
  /** The file's own durability (see openSqliteDatabase): how the checkpoint syncs. */
  readonly synchronous: 'FULL' | 'NORMAL';
  /** Called once if the worker fails; the owner then turns SQLite's automatic checkpoint back on. */
  readonly onFailure: (error: Error) => void;
}

/**
 * Turns off a connection's automatic checkpoint and checkpoints its file on a worker thread instead;
 * back to the automatic checkpoint if the worker fails.
 */
export function checkpointOffTheLoop(
  db: Database.Database,
  file: string,
  options: Pick<WalCheckpointerOptions, 'synchronous'> & { readonly onFailure?: (error: Error) => void },
): WalCheckpointer {
  db.pragma('wal_autocheckpoint = 0');
  return new WalCheckpointer(file, {
    synchronous: options.synchronous,
    onFailure: (error) => {
      if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
      options.onFailure?.(error);
    },
  });
}

/**
 * Checkpoints a WAL file on a worker thread (the event store's, and each read-model generation's). With SQLite's automatic checkpoint, the commit
 * that crosses 1,000 WAL pages copies them into the database file and syncs it, on the writer's
 * connection, that is on the api's event loop: 30-70 ms after a 10,000-serial command, during which
 * `/health` waits (API.md "Load limits"). The writer turns its automatic checkpoint off and tells this
 * class what it committed; if the worker fails, `onFailure` turns the automatic checkpoint back on, so
 * the WAL never grows without bound.
 */
export class WalCheckpointer {
  private worker: Worker | undefined;
  private sinceLastCheckpoint = 0;
  private inFlight = false;
  private stopped = false;

  constructor(
    private readonly file: string,
    private readonly options: WalCheckpointerOptions,
  ) {}

  /** After each commit: the events it wrote. Starts the worker at the first checkpoint it needs. */
  committed(events: number): void {
    this.sinceLastCheckpoint += events;
    if (this.stopped || this.inFlight || this.sinceLastCheckpoint < CHECKPOINT_AFTER_EVENTS) return;
    this.sinceLastCheckpoint = 0;
    this.inFlight = true;
    try {
      this.worker ??= this.spawn();
      this.worker.postMessage('checkpoint');
    } catch (error) {
      this.fail(error);
    }
  }

  /** Waits for a checkpoint in flight, then ends the worker and its connection. */
  async close(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    const timer = setTimeout(() => void worker.terminate(), CLOSE_WAIT_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      resourceLimits: WORKER_HEAP,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file: this.file,
        busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
        synchronous: this.options.synchronous,
      },
    });
    // The process may exit while the worker idles; close() ends it when the store is closed.
    worker.unref();
    worker.on('message', (message: { ok: boolean; message?: string }) => {
      this.inFlight = false;
      if (!message.ok) this.fail(new Error(`WAL checkpoint failed: ${message.message}`));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(new Error('The WAL checkpoint worker exited'));
    });
    return worker;
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.inFlight = false;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.options.onFailure(error instanceof Error ? error : new Error(String(error)));
  }
}
