import {
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import { assertValidAppends, holds } from '../append-checks';
import {
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type StreamConflict,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { mapConcurrently, withDeadline } from './async-bounds';
import { openClient, readServerVersion } from './kurrentdb-connection';
import { asRevisionConflict, reportedConflicts, toPortError } from './kurrentdb-errors';
import {
  conflictsAfterRejection,
  revisionsAfterAppend,
  toAppendRequest,
  toReadPosition,
  toRecordedEvent,
} from './kurrentdb-mapping';
import { readAllEvents, readHeadPosition, readLastRevision, readStreamEvents } from './kurrentdb-reads';
import { StreamedSubscription } from './streamed-subscription';
import { assertSupportedServerVersion } from './server-version';

export interface KurrentDbEventStoreOptions {
  /** Bound on the start-up checks; past it the store refuses to open rather than hang. */
  readonly connectTimeoutMs?: number;
  /** Streams read at once by `readStreams` and conflict lookups. */
  readonly readConcurrency?: number;
}

/**
 * The event store on KurrentDB 25.1+ (DESIGN.md "Event store port"). Positions are commit positions
 * (see `toReadPosition`); `$all` is read without system events. Appends go through multiStreamAppend,
 * which is all-or-nothing; a stream named with no events cannot be part of it, so its expectation is
 * checked by reading it just before the append: unlike the SQLite adapter, that check is not atomic
 * with the write. Event-id deduplication is the server's best-effort cache: DuplicateEventIdError is
 * never thrown here.
 */
export class KurrentDbEventStore implements EventStore {
  /** Its appends are transactions of the server: nothing else can be written in them. */
  readonly recordsIdempotency = false;
  private closed = false;
  private readonly subscriptions = new Set<Subscription>();

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly readConcurrency: number,
  ) {}

  /** Refuses, with a message naming the cause, a server that is unreachable, too old, or denies `$all`. */
  static async connect(
    connectionString: string,
    options: KurrentDbEventStoreOptions = {},
  ): Promise<KurrentDbEventStore> {
    const { connectTimeoutMs = 10_000, readConcurrency = 16 } = options;
    const store = new KurrentDbEventStore(openClient(connectionString), readConcurrency);
    try {
      const noAnswer = () =>
        new StoreUnavailableError(
          `no answer within ${connectTimeoutMs} ms; is it running and reachable from here?`,
        );
      await withDeadline(store.checkServer(), connectTimeoutMs, noAnswer);
    } catch (error) {
      await store.close();
      if (!(error instanceof StoreUnavailableError)) throw error;
      const message = `Cannot use the KurrentDB server of EVENTSTORE_CONNECTION_STRING: ${error.message}`;
      throw new StoreUnavailableError(message, { cause: error });
    }
    return store;
  }

  async appendToStreams(
    appends: readonly StreamAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    if (options.idempotency) throw new Error('KurrentDB cannot record an Idempotency-Key with an append');
    assertValidAppends(appends);
    const checks = appends.filter((append) => append.events.length === 0);
    const checked = await this.lastRevisions(checks.map((append) => append.streamId));
    const failedChecks: StreamConflict[] = checks
      .map(({ streamId, expectedRevision }) => ({
        streamId,
        expected: expectedRevision,
        actual: checked.get(streamId) ?? -1,
      }))
      .filter((conflict) => !holds(conflict.expected, conflict.actual));
    if (failedChecks.length > 0) throw await this.conflictError(appends, failedChecks);

    const writes = appends.filter((append) => append.events.length > 0);
    if (writes.length === 0) {
      return { position: await this.headPosition(), revisions: revisionsAfterAppend(appends, [], checked) };
    }
    try {
      const result = await this.client.multiStreamAppend(writes.map(toAppendRequest));
      return {
        position: result.position,
        revisions: revisionsAfterAppend(appends, result.responses, checked),
      };
    } catch (error) {
      const conflict = asRevisionConflict(error);
      if (conflict) throw await this.conflictError(appends, reportedConflicts(appends, conflict));
      throw toPortError(error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return readStreamEvents(this.client, streamId, options);
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = await mapConcurrently(streamIds, this.readConcurrency, (id) => this.readStream(id));
    return new Map(streamIds.map((id, index) => [id, streams[index]]));
  }

  async readAll({ after = 0n, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    return readAllEvents(this.client, after, limit);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription: Subscription = new StreamedSubscription<AllStreamResolvedEvent>({
      ...options,
      open: () => {
        this.assertOpen();
        const from = { fromPosition: toReadPosition(options.after), filter: excludeSystemEvents() };
        return this.client.subscribeToAll(from, { highWaterMark: options.batchSize });
      },
      toEvent: (resolved) => resolved.event && toRecordedEvent(resolved.event),
      toError: toPortError,
      onStopped: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return readHeadPosition(this.client);
  }

  async ping(): Promise<void> {
    await this.headPosition();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /** Version first (a clear refusal of an old server), then a read of `$all`, which the projector needs. */
  private async checkServer(): Promise<void> {
    assertSupportedServerVersion(await readServerVersion(this.client));
    await this.headPosition();
  }

  private async conflictError(
    appends: readonly StreamAppend[],
    known: readonly StreamConflict[],
  ): Promise<WrongExpectedRevisionError> {
    const actual = await this.lastRevisions(appends.map((append) => append.streamId));
    return new WrongExpectedRevisionError(conflictsAfterRejection(appends, actual, known));
  }

  private async lastRevisions(streamIds: readonly string[]): Promise<Map<string, number>> {
    const revisions = await mapConcurrently(streamIds, this.readConcurrency, (id) =>
      readLastRevision(this.client, id),
    );
    return new Map(streamIds.map((id, index) => [id, revisions[index]]));
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The KurrentDB event store is closed');
  }
}
