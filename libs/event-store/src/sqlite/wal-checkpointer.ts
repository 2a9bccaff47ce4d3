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
 * The worker's whole program, plain CommonJS (it runs outside Jest's and TypeScript's loaders): one
 * connection per file it was asked to checkpoint, a PASSIVE checkpoint per message. PASSIVE never waits
 * for the writer nor for readers: it copies what it can, and the writer starts the WAL over once
 * everything was copied. Every answer names the file's id; a file that cannot be opened fails alone.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
let Database;
const files = new Map();
const failed = (id, error) => ({ id, ok: false, message: String((error && error.message) || error) });
parentPort.on('message', (message) => {
  if (message.type === 'exit') {
    for (const db of files.values()) if (db.open) db.close();
    files.clear();
    parentPort.close();
    return;
  }
  const { id } = message;
  try {
    if (message.type === 'open') {
      Database ??= require(message.driver);
      const db = new Database(message.file, { fileMustExist: true });
      files.set(id, db);
      db.pragma('busy_timeout = ' + message.busyTimeoutMs);
      db.pragma('synchronous = ' + message.synchronous);
    } else if (message.type === 'checkpoint') {
      const db = files.get(id);
      if (!db) return;
      db.pragma('wal_checkpoint(PASSIVE)');
      parentPort.postMessage({ id, ok: true });
    } else if (message.type === 'close') {
      const db = files.get(id);
      files.delete(id);
      if (db && db.open) db.close();
      parentPort.postMessage({ id, ok: true, closed: true });
    }
  } catch (error) {
    const db = files.get(id);
    files.delete(id);
    if (db && db.open) db.close();
    parentPort.postMessage(failed(id, error));
  }
});
`;

interface WorkerAnswer {
  readonly id: number;
  readonly ok: boolean;
  readonly closed?: boolean;
  readonly message?: string;
}

interface CheckpointClient {
  answered(answer: WorkerAnswer): void;
  workerFailed(error: Error): void;
}

/**
 * The one checkpoint thread of the process, shared by every file (the event store's and the serving
 * read-model generation's): each thread is a V8 isolate, and two of them showed in the service's peak
 * RSS. Started by the first file that needs a checkpoint, ended when the last one closes.
 */
class CheckpointThread {
  private static shared: CheckpointThread | undefined;
  private readonly clients = new Map<number, CheckpointClient>();
  private nextId = 1;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  static join(client: CheckpointClient, file: string, synchronous: 'FULL' | 'NORMAL'): CheckpointMembership {
    CheckpointThread.shared ??= new CheckpointThread();
    return CheckpointThread.shared.add(client, file, synchronous);
  }

  private constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: WORKER_HEAP });
    // The process may exit while the worker idles; the last member's close() ends it.
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (answer: WorkerAnswer) => this.clients.get(answer.id)?.answered(answer));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', () => this.failAll(new Error('The WAL checkpoint worker exited')));
  }

  private add(client: CheckpointClient, file: string, synchronous: 'FULL' | 'NORMAL'): CheckpointMembership {
    const id = this.nextId++;
    this.clients.set(id, client);
    this.worker.postMessage({
      type: 'open',
      id,
      file,
      synchronous,
      driver: require.resolve('better-sqlite3'),
      busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
    });
    return {
      checkpoint: () => this.worker.postMessage({ type: 'checkpoint', id }),
      leave: (closed) => this.leave(id, closed),
    };
  }

  /** Closes the member's connection (waiting for a checkpoint in flight); the last one ends the thread. */
  private async leave(id: number, closed: Promise<void> | undefined): Promise<void> {
    if (closed) {
      this.worker.postMessage({ type: 'close', id });
      await withTimeout(closed, CLOSE_WAIT_MS);
    }
    this.clients.delete(id);
    if (this.clients.size > 0 || CheckpointThread.shared !== this) return;
    CheckpointThread.shared = undefined;
    this.worker.postMessage({ type: 'exit' });
    await withTimeout(this.exited, CLOSE_WAIT_MS).catch(async () => {
      await this.worker.terminate();
    });
  }

  private failAll(error: Error): void {
    if (CheckpointThread.shared === this) CheckpointThread.shared = undefined;
    const clients = [...this.clients.values()];
    this.clients.clear();
    void this.worker.terminate();
    for (const client of clients) client.workerFailed(error);
  }
}

interface CheckpointMembership {
  checkpoint(): void;
  /** `closed` settles when the worker answers the close; undefined when the member failed. */
  leave(closed: Promise<void> | undefined): Promise<void>;
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`No answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

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
export class WalCheckpointer implements CheckpointClient {
  private membership: CheckpointMembership | undefined;
  private sinceLastCheckpoint = 0;
  private inFlight = false;
  private stopped = false;
  private closeAnswered: (() => void) | undefined;

  constructor(
    private readonly file: string,
    private readonly options: WalCheckpointerOptions,
  ) {}

  /** After each commit: the events it wrote. Joins the checkpoint thread at the first checkpoint it needs. */
  committed(events: number): void {
    this.sinceLastCheckpoint += events;
    if (this.stopped || this.inFlight || this.sinceLastCheckpoint < CHECKPOINT_AFTER_EVENTS) return;
    this.sinceLastCheckpoint = 0;
    this.inFlight = true;
    try {
      this.membership ??= CheckpointThread.join(this, this.file, this.options.synchronous);
      this.membership.checkpoint();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Waits for a checkpoint in flight, then closes this file's connection in the worker. */
  async close(): Promise<void> {
    this.stopped = true;
    const membership = this.membership;
    this.membership = undefined;
    if (!membership) return;
    const closed = new Promise<void>((resolve) => (this.closeAnswered = resolve));
    await membership.leave(closed);
  }

  answered(answer: WorkerAnswer): void {
    this.inFlight = false;
    if (answer.closed) this.closeAnswered?.();
    else if (!answer.ok) this.fail(new Error(`WAL checkpoint failed: ${answer.message}`));
  }

  workerFailed(error: Error): void {
    this.membership = undefined;
    this.closeAnswered?.();
    this.fail(error);
  }

  private fail(error: unknown): void {
    const membership = this.membership;
    this.membership = undefined;
    void membership?.leave(undefined);
    if (this.stopped) return;
    this.stopped = true;
    this.inFlight = false;
    this.options.onFailure(error instanceof Error ? error : new Error(String(error)));
  }
}
