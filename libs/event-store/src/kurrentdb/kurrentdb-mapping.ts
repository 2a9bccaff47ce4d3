import {
  ANY,
  NO_STREAM,
  START,
  type AppendResponse,
  type AppendStreamRequest,
  type AppendStreamState,
  type CurrentStreamState,
  type JSONEventData,
  type Position,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import { holds } from '../append-checks';
import type {
  EventMetadata,
  EventToAppend,
  ExpectedRevision,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  StreamConflict,
} from '../event-store.port';

/** The fields this adapter reads of the client's recorded events (readStream, readAll, subscriptions). */
export interface KurrentRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly position?: Position;
}

export function toExpectedState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  return BigInt(expected);
}

export function toAppendRequest(append: StreamAppend): AppendStreamRequest {
  return {
    streamName: append.streamId,
    expectedState: toExpectedState(append.expectedRevision),
    events: append.events.map(toEventData),
  };
}

/** Metadata goes as it is: multiStreamAppend takes only flat string values, which the port guarantees. */
export function toEventData(event: EventToAppend): JSONEventData {
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    data: { ...event.data },
    metadata: { ...event.metadata },
  };
}

/**
 * The port's position is the event's commit position in the transaction log. Every event appended
 * outside the legacy explicit transactions (which this service never uses) has its own commit position,
 * equal to its prepare position, so a read from `after` can start at `{ commit: after, prepare: after }`.
 */
export function toReadPosition(after: bigint | undefined): ReadPosition {
  return after === undefined || after <= 0n ? START : { commit: after, prepare: after };
}

export function toRecordedEvent(event: KurrentRecordedEvent): RecordedEvent {
  if (event.position === undefined) {
    throw new Error(`KurrentDB returned event ${event.id} without its position (a server before 22.6?)`);
  }
  return {
    eventId: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: BigInt(event.position.commit),
    type: event.type,
    data: toData(event),
    metadata: toFlatMetadata(event.metadata),
    recordedAt: event.created,
  };
}

/**
 * This service only writes JSON objects. Anything else in `$all` (binary or non-object JSON written by
 * another application sharing the database) reads as `{}`, so projections skip it like any unknown type.
 */
function toData(event: KurrentRecordedEvent): Record<string, unknown> {
  const data = event.data instanceof Uint8Array ? parseJson(event.data) : event.data;
  return isPlainObject(data) ? data : {};
}

/**
 * Events written by multiStreamAppend read back with server-added `$schema.*` properties next to ours;
 * `$` keys are reserved for the server and dropped. Non-string values only come from other writers and are
 * kept as their JSON text, so the result stays a flat string record.
 */
export function toFlatMetadata(metadata: unknown): EventMetadata {
  const parsed = metadata instanceof Uint8Array ? parseJson(metadata) : metadata;
  if (!isPlainObject(parsed)) return {};
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key.startsWith('$')) continue;
    flat[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return flat;
}

/** The events of a stream are in position order, so the as-of cut is a prefix, as in the SQLite adapter. */
export function isPastReadLimit(event: RecordedEvent, options: ReadStreamOptions): boolean {
  const { maxPosition, maxRecordedAt } = options;
  if (maxPosition !== undefined && event.position > maxPosition) return true;
  return maxRecordedAt !== undefined && event.recordedAt.getTime() > maxRecordedAt.getTime();
}

/**
 * Whether `event` follows `previous` (a read's `after` or the last event delivered). The event AT
 * `previous` is where a read from that position starts, and is skipped: `after` is exclusive.
 */
export function follows(event: RecordedEvent, previous: bigint): boolean {
  if (event.position > previous) return true;
  if (event.position === previous) return false;
  throw new Error(
    `KurrentDB returned event ${event.eventId} at commit position ${event.position} after ${previous}`,
  );
}

export function toActualRevision(state: CurrentStreamState): number {
  return state === NO_STREAM ? -1 : Number(state);
}

/** Revision of every stream named, in append order: written ones from the server, checked ones as read. */
export function revisionsAfterAppend(
  appends: readonly StreamAppend[],
  responses: readonly AppendResponse[],
  checked: ReadonlyMap<string, number>,
): Map<string, number> {
  const written = new Map(responses.map((response) => [response.streamName, Number(response.revision)]));
  return new Map(
    appends.map(({ streamId, events }) => {
      const revision = events.length > 0 ? written.get(streamId) : checked.get(streamId);
      if (revision === undefined) throw new Error(`KurrentDB did not report the revision of ${streamId}`);
      return [streamId, revision];
    }),
  );
}

/**
 * The port names every conflicting stream; KurrentDB names only the first it found. So the streams are
 * read again after a rejection, and the conflicts seen then are merged with those already known.
 */
export function conflictsAfterRejection(
  appends: readonly StreamAppend[],
  actual: ReadonlyMap<string, number>,
  known: readonly StreamConflict[],
): StreamConflict[] {
  const conflicts: StreamConflict[] = appends
    .map(({ streamId, expectedRevision }) => ({
      streamId,
      expected: expectedRevision,
      actual: actual.get(streamId) ?? -1,
    }))
    .filter((conflict) => !holds(conflict.expected, conflict.actual));
  const named = new Set(conflicts.map((conflict) => conflict.streamId));
  return [...conflicts, ...known.filter((conflict) => !named.has(conflict.streamId))];
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}
