import Database from 'better-sqlite3';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  IdempotencyRecord,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { assertValidAppends } from '../append-checks';
import { migrateIdempotencySchema, prepareIdempotencyCommit } from './idempotency-table';
import { PollingSubscription } from './polling-subscription';
import { appendInTransaction } from './sqlite-append';
import { openEventDatabase } from './sqlite-database';
import { guardSqlite, isSqliteUnavailable, sqliteStoreClosed } from './sqlite-errors';
import { prepareEventStatements, toRecordedEvent, type EventStatements } from './sqlite-statements';

export interface SqliteEventStoreOptions {
  /** How often live subscriptions look for appends made by another process on the same file. */
  readonly pollIntervalMs?: number;
  /** The clock that stamps `recordedAt`; a seam for tests. */
  readonly now?: () => Date;
  /** Told after each group commit how many appends it decided and how many events it wrote (metrics). */
  readonly onGroupCommit?: (group: GroupCommit) => void;
}

export interface GroupCommit {
  /** Appends decided in the transaction, refused ones (conflicts, duplicate ids) included. */
  readonly appends: number;
  /** Events written by the appends that succeeded. */
  readonly events: number;
}

const MAX_POSITION = 2n ** 63n - 1n;
/**
 * A group commit stops taking appends at this many events, so that one huge group cannot hold many
 * small commands behind it for long; the rest wait for the next group (in arrival order).
 */
const GROUP_EVENT_LIMIT = 50_000;
const LATEST_RECORDED_AT = '9999-12-31T23:59:59.999Z';
const STORE = 'event store';

/**
 * The embedded event store. Assumes one writing process per file: with a single writer connection,
 * AUTOINCREMENT hands out positions in commit order, so a reader never sees position N+1 before N.
 * Other processes may read (and subscribe) concurrently.
 */
export class SqliteEventStore implements EventStore {
  readonly recordsIdempotency = true;
  private readonly statements: EventStatements;
  private readonly appendTransaction: Database.Transaction<
    (appends: readonly StreamAppend[], idempotency: IdempotencyRecord | undefined) => AppendResult
  >;
  private readonly groupTransaction: Database.Transaction<(group: readonly PendingAppend[]) => void>;
  private readonly subscriptions = new Set<PollingSubscription>();
  /** Appends waiting for the next group commit, in arrival order. */
  private pending: PendingAppend[] = [];
  private flushScheduled = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly pollIntervalMs: number,
    now: () => Date,
    private readonly onGroupCommit: ((group: GroupCommit) => void) | undefined,
  ) {
    this.statements = prepareEventStatements(db);
    migrateIdempotencySchema(db);
    const recordIdempotency = prepareIdempotencyCommit(db);
    this.appendTransaction = db.transaction((appends, idempotency) => {
      const result = appendInTransaction(this.statements, appends, now);
      // Last, inside the append's savepoint: a lost claim rolls its events back with it.
      if (idempotency) recordIdempotency(idempotency, result.position);
      return result;
    });
    this.groupTransaction = db.transaction((group) => {
      for (const append of group) {
        try {
          // Nested in the group's transaction, better-sqlite3 runs it in a SAVEPOINT: an append that
          // throws (a conflict, a duplicate event id) is rolled back alone, the others stand.
          append.result = { ok: true, value: this.appendTransaction(append.appends, append.idempotency) };
        } catch (error) {
          // An outage, or an error after which SQLite rolled the whole transaction back (the later
          // appends would otherwise run outside it), fails the group.
          if (isSqliteUnavailable(error)) throw error;
          if (!this.db.inTransaction) throw error;
          append.result = { ok: false, error };
        }
      }
    });
  }

  static open(filePath: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const { pollIntervalMs = 100, now = () => new Date(), onGroupCommit } = options;
    return new SqliteEventStore(openEventDatabase(filePath), pollIntervalMs, now, onGroupCommit);
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
      if (!this.db.open) throw sqliteStoreClosed(STORE);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      const events = appends.reduce((sum, append) => sum + append.events.length, 0);
      const { idempotency } = options;
      this.pending.push({ appends, idempotency, events, resolve, reject, result: undefined });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits the waiting appends in groups, then settles each one's promise. */
  private flush(): void {
    this.flushScheduled = false;
    while (this.pending.length > 0) {
      const group = this.takeGroup();
      try {
        this.guard(() => this.groupTransaction.immediate(group));
      } catch (error) {
        // The commit (or the transaction around the group) failed: nothing of the group was written.
        for (const append of group) append.reject(error);
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
      if (written > 0) for (const subscription of this.subscriptions) subscription.wake();
    }
  }

  private takeGroup(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (
      count < this.pending.length &&
      (count === 0 || events + this.pending[count].events <= GROUP_EVENT_LIMIT)
    ) {
      events += this.pending[count].events;
      count += 1;
    }
    return this.pending.splice(0, count);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const maxPosition = options.maxPosition ?? MAX_POSITION;
    const maxRecordedAt = options.maxRecordedAt?.toISOString() ?? LATEST_RECORDED_AT;
    return this.guard(() =>
      this.statements.readStream.all(streamId, maxPosition, maxRecordedAt).map(toRecordedEvent),
    );
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    const rows = this.guard(() => this.statements.readStreams.all(JSON.stringify(streamIds)));
    for (const row of rows) streams.get(row.stream_id)?.push(toRecordedEvent(row));
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
    return this.guard(() => this.statements.headPosition.get() ?? 0n);
  }

  async ping(): Promise<void> {
    this.guard(() => this.statements.ping.get());
  }

  async close(): Promise<void> {
    // Appends already accepted are committed (or refused) before the connection goes.
    if (this.pending.length > 0 && this.db.open) this.flush();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    if (this.db.open) this.db.close();
  }

  private readAllNow(after: bigint, limit: number): RecordedEvent[] {
    // SQLite reads a negative LIMIT as "no limit".
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`Limit ${limit} is not a count`);
    return this.guard(() => this.statements.readAll.all(after, limit).map(toRecordedEvent));
  }

  private guard<T>(action: () => T): T {
    if (!this.db.open) throw sqliteStoreClosed(STORE);
    return guardSqlite(STORE, action);
  }
}

interface PendingAppend {
  readonly appends: readonly StreamAppend[];
  readonly idempotency: IdempotencyRecord | undefined;
  readonly events: number;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
  /** Set inside the group's transaction; only acted on once the group has committed. */
  result: { ok: true; value: AppendResult } | { ok: false; error: unknown } | undefined;
}
