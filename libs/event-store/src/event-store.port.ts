/**
 * The event store port (DESIGN.md "Event store port"). Every adapter (sqlite, kurrentdb) implements it
 * and runs the same contract suite (`testing/event-store.contract.ts`).
 */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** `no_stream`: the stream must not exist; `any`: no check; a number: the revision of the stream's last event. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

/** Metadata values are flat strings: KurrentDB's multi-stream append requires it. */
export type EventMetadata = Readonly<Record<string, string>>;

export interface EventToAppend {
  readonly eventId: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: EventMetadata;
}

export interface StreamAppend {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly EventToAppend[];
}

export interface RecordedEvent {
  readonly eventId: string;
  readonly streamId: string;
  /** Counts from 0 within the stream. */
  readonly revision: number;
  /** Global, strictly increasing, never reused; commit order. */
  readonly position: bigint;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: EventMetadata;
  readonly recordedAt: Date;
}

export interface AppendResult {
  /** Position of the last event written by this append. */
  readonly position: bigint;
  /** Revision of each stream's last event after the append. */
  readonly revisions: ReadonlyMap<string, number>;
}

export interface StreamConflict {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  /** Revision of the stream's last event, or -1 when the stream does not exist. */
  readonly actual: number;
}

/**
 * An `Idempotency-Key` claim whose command outcome is written with the append (DESIGN.md "Idempotency
 * records"): in the same transaction as the events, so that a crash leaves both or neither.
 */
export interface IdempotencyRecord {
  readonly userId: string;
  readonly scope: string;
  readonly key: string;
  /** The claim's token: the record is written only while this claim still holds the key. */
  readonly token: string;
  /** Opaque to the store, kept with the append's position for a retry to take instead of running again. */
  readonly outcome: Uint8Array;
}

export interface AppendOptions {
  /**
   * Only for a store whose `recordsIdempotency` is true; another refuses it (KurrentDB cannot write
   * anything atomically with an append), so the caller records the key after the append instead.
   */
  readonly idempotency?: IdempotencyRecord;
}

/**
 * Thrown by `appendToStreams` when the append's idempotency claim no longer holds its key (another
 * request took it over); nothing was written.
 */
export class IdempotencyClaimLostError extends Error {
  constructor(readonly key: string) {
    super(`The claim on Idempotency-Key ${JSON.stringify(key)} was taken over`);
    this.name = 'IdempotencyClaimLostError';
  }
}

/** Thrown by `appendToStreams` when any stream's expected revision does not hold; nothing was written. */
export class WrongExpectedRevisionError extends Error {
  constructor(readonly conflicts: readonly StreamConflict[]) {
    super(`Wrong expected revision on ${conflicts.map((c) => c.streamId).join(', ')}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * Thrown by `appendToStreams` when an event id is already stored or repeated within the call; nothing was
 * written. KurrentDB deduplicates event ids only best-effort, so idempotency must not rely on this error.
 */
export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already stored`);
    this.name = 'DuplicateEventIdError';
  }
}

/** Thrown when the store cannot be reached or answers with an infrastructure failure. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export interface ReadStreamOptions {
  /** Only events with a position at or below this one. */
  readonly maxPosition?: bigint;
  /** Only events recorded at or before this time. */
  readonly maxRecordedAt?: Date;
}

export interface ReadAllOptions {
  /** Exclusive: only events with a greater position. Omitted = from the start. */
  readonly after?: bigint;
  readonly limit: number;
}

export interface SubscribeOptions {
  /** Exclusive, as in `readAll`: usually the subscriber's checkpoint. */
  readonly after?: bigint;
  /** Largest batch handed to `onEvents`. */
  readonly batchSize?: number;
  /** Called with consecutive batches in global order; the next batch waits for the returned promise. */
  readonly onEvents: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Called when reading or `onEvents` fails; the subscription stops and the subscriber decides what next. */
  readonly onError?: (error: unknown) => void;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface EventStore {
  /** Whether `appendToStreams` can write an `IdempotencyRecord` in the same transaction as its events. */
  readonly recordsIdempotency: boolean;
  /**
   * All-or-nothing across every stream named; throws WrongExpectedRevisionError listing every conflict.
   * A stream with no events only has its expected revision checked (its revision in the result is -1 when
   * it does not exist); when nothing is written the result's position is the head position. A stream
   * named twice in one call is rejected before anything is written. With `options.idempotency` the
   * append also records it, or throws IdempotencyClaimLostError writing nothing.
   */
  appendToStreams(appends: readonly StreamAppend[], options?: AppendOptions): Promise<AppendResult>;
  /** A missing stream reads as empty. Events in revision order. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Several streams in one go (batch commands touch thousands); every id asked for is a key of the result. */
  readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  /** Every event in global order. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up from `after`, then live: new events are delivered as they are appended. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Position of the last event in the store, 0n when empty. */
  headPosition(): Promise<bigint>;
  /** Throws StoreUnavailableError when the store cannot serve. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
