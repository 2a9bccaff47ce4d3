import Database from 'better-sqlite3';
import {
  DuplicateEventIdError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventToAppend,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type StreamConflict,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { assertValidAppends, holds } from '../append-checks';
import { PollingSubscription } from './polling-subscription';
import { openEventDatabase } from './sqlite-database';
import { prepareEventStatements, toRecordedEvent, type EventStatements } from './sqlite-statements';

export interface SqliteEventStoreOptions {
  /** How often live subscriptions look for appends made by another process on the same file. */
  readonly pollIntervalMs?: number;
  /** The clock that stamps `recordedAt`; a seam for tests. */
  readonly now?: () => Date;
}

const MAX_POSITION = 2n ** 63n - 1n;
const LATEST_RECORDED_AT = '9999-12-31T23:59:59.999Z';
const UNAVAILABLE_CODES =
  /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL|NOMEM|PERM)/;

/**
 * The embedded event store. Assumes one writing process per file: with a single writer connection,
 * AUTOINCREMENT hands out positions in commit order, so a reader never sees position N+1 before N.
 * Other processes may read (and subscribe) concurrently.
 */
export class SqliteEventStore implements EventStore {
  private readonly statements: EventStatements;
  private readonly appendTransaction: Database.Transaction<
    (appends: readonly StreamAppend[]) => AppendResult
  >;
  private readonly subscriptions = new Set<PollingSubscription>();

  private constructor(
    private readonly db: Database.Database,
    private readonly pollIntervalMs: number,
    private readonly now: () => Date,
  ) {
    this.statements = prepareEventStatements(db);
    this.appendTransaction = db.transaction((appends) => this.appendInTransaction(appends));
  }

  static open(filePath: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const { pollIntervalMs = 100, now = () => new Date() } = options;
    return new SqliteEventStore(openEventDatabase(filePath), pollIntervalMs, now);
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult> {
    const result = this.guard(() => {
      assertValidAppends(appends);
      return this.appendTransaction.immediate(appends);
    });
    if (appends.some((append) => append.events.length > 0)) {
      for (const subscription of this.subscriptions) subscription.wake();
    }
    return result;
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
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    if (this.db.open) this.db.close();
  }

  private appendInTransaction(appends: readonly StreamAppend[]): AppendResult {
    const actual = appends.map((append) => Number(this.statements.lastRevision.get(append.streamId) ?? -1));
    const conflicts: StreamConflict[] = appends
      .map((append, index) => ({
        streamId: append.streamId,
        expected: append.expectedRevision,
        actual: actual[index],
      }))
      .filter((conflict) => !holds(conflict.expected, conflict.actual));
    if (conflicts.length > 0) throw new WrongExpectedRevisionError(conflicts);

    const recordedAt = this.nextRecordedAt();
    const revisions = new Map<string, number>();
    let position: bigint | undefined;
    appends.forEach((append, index) => {
      let revision = actual[index];
      for (const event of append.events) {
        revision += 1;
        position = this.insert(append.streamId, revision, event, recordedAt);
      }
      revisions.set(append.streamId, revision);
    });
    return { position: position ?? this.statements.headPosition.get() ?? 0n, revisions };
  }

  private insert(streamId: string, revision: number, event: EventToAppend, recordedAt: string): bigint {
    const { eventId, type, data, metadata } = event;
    try {
      const serialized = [JSON.stringify(data), JSON.stringify(metadata)] as const;
      const inserted = this.statements.insert.run(
        eventId,
        streamId,
        revision,
        type,
        ...serialized,
        recordedAt,
      );
      return BigInt(inserted.lastInsertRowid);
    } catch (error) {
      if (isUniqueViolation(error, 'events.event_id')) throw new DuplicateEventIdError(eventId);
      throw error;
    }
  }

  /** Never earlier than the last event's, so that "as of" reads agree with global order if the clock steps back. */
  private nextRecordedAt(): string {
    const now = this.now().toISOString();
    const last = this.statements.lastRecordedAt.get();
    return last !== undefined && last > now ? last : now;
  }

  private readAllNow(after: bigint, limit: number): RecordedEvent[] {
    // SQLite reads a negative LIMIT as "no limit".
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`Limit ${limit} is not a count`);
    return this.guard(() => this.statements.readAll.all(after, limit).map(toRecordedEvent));
  }

  private guard<T>(action: () => T): T {
    if (!this.db.open) throw new StoreUnavailableError('The SQLite event store is closed');
    try {
      return action();
    } catch (error) {
      if (isSqliteError(error) && UNAVAILABLE_CODES.test(error.code)) {
        throw new StoreUnavailableError(`SQLite event store unavailable: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown, column: string): boolean {
  return isSqliteError(error) && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes(column);
}

/**
 * Duck-typed, not `instanceof`: the native addon keeps the SqliteError class of the first module
 * instance that loaded it, and Jest runs each test file in its own realm with its own classes, so
 * `instanceof` (even of Error) fails for every file but the first.
 */
function isSqliteError(error: unknown): error is Error & { code: string } {
  const candidate = error as { name?: unknown; code?: unknown } | null;
  return (
    typeof candidate === 'object' && candidate?.name === 'SqliteError' && typeof candidate.code === 'string'
  );
}
