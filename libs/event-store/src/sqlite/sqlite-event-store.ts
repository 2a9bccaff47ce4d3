import Database from 'better-sqlite3';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { assertValidAppends } from '../append-checks';
import { TimeSlice } from '../time-slice';
import {
  migrateIdempotencySchema,
  prepareIdempotencyCommit,
  type IdempotencyCommit,
} from './idempotency-table';
import { openSqliteDatabase } from './open-sqlite-database';
import { PollingSubscription } from './polling-subscription';
import { openEventDatabase } from './sqlite-database';
import { asStoreError, guardSqlite, sqliteStoreClosed } from './sqlite-errors';
import { commitGroup, takeGroup, type PendingAppend } from './sqlite-group-commit';
import { prepareEventStatements, toRecordedEvent, type EventStatements } from './sqlite-statements';
import { checkpointOffTheLoop, type WalCheckpointer } from './wal-checkpointer';

export interface SqliteEventStoreOptions {
  /** How often live subscriptions look for appends made by another process on the same file. */
  readonly pollIntervalMs?: number;
  /** The clock that stamps `recordedAt`; a seam for tests. */
  readonly now?: () => Date;
  /** Told after each group commit how many appends it decided and how many events it wrote (metrics). */
  readonly onGroupCommit?: (group: GroupCommit) => void;
  /**
   * Told when the checkpoint worker fails; the writer then checkpoints on its own again (SQLite's
   * automatic checkpoint, on the event loop), so nothing is lost but `/health`'s latency.
   */
  readonly onCheckpointFailure?: (error: Error) => void;
}

export interface GroupCommit {
  /** Appends decided in the transaction, refused ones (conflicts, duplicate ids) included. */
  readonly appends: number;
  /** Events written by the appends that succeeded. */
  readonly events: number;
}

const MAX_POSITION = 2n ** 63n - 1n;
/** Streams read per statement by readStreams: a slice of a 10,000-serial read, a few ms. */
const READ_CHUNK = 500;
const LATEST_RECORDED_AT = '9999-12-31T23:59:59.999Z';
const STORE = 'event store';

/**
 * The embedded event store. Assumes one writing process per file: with a single writer connection,
 * AUTOINCREMENT hands out positions in commit order, so a reader never sees position N+1 before N.
 * Other processes may read (and subscribe) concurrently. In this process every read goes through a
 * second connection: a group commit yields the event loop mid-transaction, and a read on the writer
 * connection would then see events that are not committed yet.
 */
export class SqliteEventStore implements EventStore {
  readonly recordsIdempotency = true;
  private readonly writes: EventStatements;
  private readonly recordIdempotency: IdempotencyCommit;
  private readonly reads: EventStatements;
  private readonly subscriptions = new Set<PollingSubscription>();
  /** Appends waiting for the next group commit, in arrival order. */
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  /** While set, a group commit holds the writer connection and takes the next groups after it. */
  private draining: Promise<void> | undefined;
  private closing = false;
  private readonly checkpointer: WalCheckpointer | undefined;

  private constructor(
    private readonly db: Database.Database,
    private readonly reader: Database.Database,
    private readonly pollIntervalMs: number,
    private readonly now: () => Date,
    private readonly onGroupCommit: ((group: GroupCommit) => void) | undefined,
    checkpointFile: string | undefined,
    onCheckpointFailure: ((error: Error) => void) | undefined,
  ) {
    // Checkpoints on a worker thread, not in the COMMIT that crosses SQLite's threshold.
    if (checkpointFile !== undefined) {
      this.checkpointer = checkpointOffTheLoop(db, checkpointFile, {
        synchronous: 'FULL',
        onFailure: onCheckpointFailure,
      });
    }
    migrateIdempotencySchema(db);
    this.writes = prepareEventStatements(db);
    this.reads = prepareEventStatements(reader);
    this.recordIdempotency = prepareIdempotencyCommit(db);
  }

  static open(filePath: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const { pollIntervalMs = 100, now = () => new Date(), onGroupCommit, onCheckpointFailure } = options;
    const writer = openEventDatabase(filePath);
    let reader: Database.Database;
    try {
      reader = openSqliteDatabase(filePath, { synchronous: 'FULL', safeIntegers: true, fileMustExist: true });
    } catch (error) {
      writer.close();
      throw error;
    }
    const inMemory = filePath === ':memory:' || filePath === '';
    return new SqliteEventStore(
      writer,
      reader,
      pollIntervalMs,
      now,
      onGroupCommit,
      inMemory ? undefined : filePath,
      onCheckpointFailure,
    );
  }

  /**
   * Group commit: every append that arrives before the event loop's next turn is written in ONE
   * transaction (each in its own savepoint, checked against its own expected revisions), and that
   * transaction's commit (one fsync with synchronous=FULL) makes them all durable at once. No append
   * resolves before that commit, so the guarantee is the same as one transaction per append.
   */
  appendToStreams(appends: readonly StreamAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    try {
      assertValidAppends(appends);
      if (!this.db.open || this.closing) throw sqliteStoreClosed(STORE);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      const events = appends.reduce((sum, append) => sum + append.events.length, 0);
      const { idempotency } = options;
      this.pending.push({ appends, idempotency, events, resolve, reject, result: undefined });
      // The appends of this turn form one group; a drain already running takes them after its group
      // (drain() then only returns it).
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          void this.drain();
        });
      }
    });
  }

  /** Commits the waiting appends, group after group, one at a time on the writer connection. */
  private drain(): Promise<void> {
    this.draining ??= this.commitPending().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async commitPending(): Promise<void> {
    while (this.pending.length > 0) {
      const group = takeGroup(this.pending);
      try {
        if (!this.db.open) throw sqliteStoreClosed(STORE);
        await commitGroup(this.db, this.writes, group, this.now, this.recordIdempotency);
      } catch (error) {
        // The commit (or the transaction around the group) failed: nothing of the group was written.
        const failure = asStoreError(STORE, error);
        for (const append of group) append.reject(failure);
        continue;
      }
      let written = 0;
      for (const append of group) {
        const result = append.result;
        if (result?.ok) {
          written += append.events;
          append.resolve(result.value);
        } else {
          append.reject(result?.error);
        }
      }
      // A throwing listener must not stop the groups still waiting.
      try {
        this.onGroupCommit?.({ appends: group.length, events: written });
      } catch {
        // Metrics only.
      }
      if (written > 0) {
        this.checkpointer?.committed(written);
        for (const subscription of this.subscriptions) subscription.wake();
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const maxPosition = options.maxPosition ?? MAX_POSITION;
    const maxRecordedAt = options.maxRecordedAt?.toISOString() ?? LATEST_RECORDED_AT;
    return this.guard(() =>
      this.reads.readStream.all(streamId, maxPosition, maxRecordedAt).map(toRecordedEvent),
    );
  }

  /**
   * In statements of READ_CHUNK streams, yielding between slices: 10,000 streams read at once kept
   * the event loop for 100-300 ms. A chunked read is not one snapshot, which costs nothing here: a
   * command appends with each stream's expected revision, so a stream that moved meanwhile is a
   * conflict, retried.
   */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    const slice = new TimeSlice();
    for (let start = 0; start < streamIds.length; start += READ_CHUNK) {
      const ids = JSON.stringify(streamIds.slice(start, start + READ_CHUNK));
      const rows = this.guard(() => this.reads.readStreams.all(ids));
      for (const row of rows) streams.get(row.stream_id)?.push(toRecordedEvent(row));
      if (slice.due()) await slice.next();
    }
    return streams;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.readAllNow(options.after ?? 0n, options.limit);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription: PollingSubscription = new PollingSubscription({
      ...options,
      readBatch: async (after, limit) => this.readAllNow(after, limit),
      pollIntervalMs: this.pollIntervalMs,
      onStopped: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    return this.guard(() => this.reads.headPosition.get() ?? 0n);
  }

  async ping(): Promise<void> {
    this.guard(() => this.reads.ping.get());
  }

  async close(): Promise<void> {
    // Appends already accepted are committed (or refused) before the connections go.
    this.closing = true;
    if (this.db.open && (this.pending.length > 0 || this.draining)) await this.drain();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
    if (this.reader.open) this.reader.close();
  }

  private readAllNow(after: bigint, limit: number): RecordedEvent[] {
    // SQLite reads a negative LIMIT as "no limit".
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`Limit ${limit} is not a count`);
    return this.guard(() => this.reads.readAll.all(after, limit).map(toRecordedEvent));
  }

  private guard<T>(action: () => T): T {
    if (!this.reader.open) throw sqliteStoreClosed(STORE);
    return guardSqlite(STORE, action);
  }
}
