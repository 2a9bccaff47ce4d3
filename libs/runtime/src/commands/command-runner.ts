import { Inject, Injectable } from '@nestjs/common';
import {
  chainEvents,
  EVENT_STORE,
  lastHash,
  takeTurn,
  TimeSlice,
  WrongExpectedRevisionError,
  type EventStore,
  type RecordedEvent,
  type StreamAppend,
} from '@serial/event-store';
import {
  eventSchemaVersion,
  streamsStillToRead,
  type CommandStreams,
  type EventToAppend,
} from '@serial/domain';
import { v7 as uuidv7 } from 'uuid';
import { ConcurrencyConflictError } from './application-error';
import { idempotentCommands, type IdempotentCommandScope } from './idempotent-commands';

/** Who caused a command and when: recorded on every event it writes (DESIGN.md "Events"). */
export interface CommandMetadata {
  readonly userId: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly occurredAt: string;
}

export interface CommandOutcome<Result> {
  /** Position of the last event written; when nothing was written, of the newest stream read. */
  readonly position: bigint;
  /** What the domain made of the command (the state after its events), from the attempt that was appended. */
  readonly result: Result;
}

const MAX_ATTEMPTS = 4;
/**
 * A command reading more streams than this decides in a turn of the event loop of its own, and
 * answers in another: deciding 10,000 serials, or building their answer, is one piece of 20-50 ms,
 * and two large commands doing it in the same turn kept `/health` waiting for both.
 */
const OWN_TURN_STREAMS = 1000;

/**
 * The one load → decide → append path every command takes: the streams are read, the decision is
 * appended to all of them at once with each stream's expected revision, and a revision conflict
 * (another command got there first) reloads and decides again, a bounded number of times. Under an
 * `Idempotency-Key` (see IdempotentCommandScope) the outcome is committed with the events, and a retry
 * of a request whose command already committed gets that outcome back instead of running again.
 */
@Injectable()
export class CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async run<Result>(
    command: CommandStreams<Result>,
    metadata: CommandMetadata,
  ): Promise<CommandOutcome<Result>> {
    const idempotent = takeScope();
    if (idempotent?.committed) return idempotent.committed as CommandOutcome<Result>;
    let conflict: WrongExpectedRevisionError | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const streams = await this.readAll(command);
      const large = streams.size > OWN_TURN_STREAMS;
      if (large) await takeTurn();
      const { events, result, unchanged = [] } = command.decide(streams, metadata.occurredAt);
      if (large) await takeTurn();
      const written = [...events].filter(([, newEvents]) => newEvents.length > 0);
      if (written.length === 0) return { position: newestPosition(streams), result };
      try {
        const appends = [
          ...(await toAppends(streams, written, metadata)),
          ...checks(streams, written, unchanged),
        ];
        const idempotency = await idempotent?.recordFor?.(result);
        const { position } = await this.store.appendToStreams(appends, { idempotency });
        // A group commit resolves all its appends at once: each large one answers in its own turn.
        if (large) await takeTurn();
        return { position, result };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        conflict = error;
      }
    }
    throw new ConcurrencyConflictError(conflict?.conflicts.map((c) => c.streamId) ?? []);
  }

  private async readAll(command: CommandStreams<unknown>): Promise<Map<string, RecordedEvent[]>> {
    const streams = await this.store.readStreams(command.streamIds);
    for (let round = 0, more = streamsStillToRead(command, streams, round); more.length > 0;) {
      for (const [streamId, events] of await this.store.readStreams(more)) streams.set(streamId, events);
      more = streamsStillToRead(command, streams, (round += 1));
    }
    return streams;
  }
}

/** The request's scope, for its first command only. */
function takeScope(): IdempotentCommandScope | undefined {
  const scope = idempotentCommands.getStore();
  if (scope === undefined || scope.taken) return undefined;
  scope.taken = true;
  return scope;
}

/**
 * The appends of a decision, hash-chained. Chaining 10,000 streams takes 200-350 ms, so it yields
 * the event loop between slices (API.md "Load limits": /health answers while big commands run).
 */
async function toAppends(
  streams: ReadonlyMap<string, readonly RecordedEvent[]>,
  written: readonly (readonly [string, readonly EventToAppend[]])[],
  metadata: CommandMetadata,
): Promise<StreamAppend[]> {
  // Frozen: one object per schema version shared by every stream's events (one or two per command),
  // whose canonical form the hash chain prepares once.
  const byVersion = new Map<number, Readonly<Record<string, string>>>();
  const metadataOf = (type: string) => {
    const version = eventSchemaVersion(type);
    let shared = byVersion.get(version);
    if (!shared) {
      shared = Object.freeze({ ...metadata, schemaVersion: String(version) });
      byVersion.set(version, shared);
    }
    return shared;
  };
  const slice = new TimeSlice();
  const appends: StreamAppend[] = [];
  for (const [streamId, events] of written) {
    const past = streams.get(streamId) ?? [];
    const toAppend = events.map((event) => ({
      // Time-ordered (RFC 9562 v7), so the store's unique index on event ids grows at its end instead of
      // splitting pages all over: with 1,000,000 events stored, random v4 ids made appends 2-3x slower.
      eventId: uuidv7(),
      type: event.type,
      data: event.data,
      metadata: metadataOf(event.type),
    }));
    appends.push({
      streamId,
      expectedRevision: past.length === 0 ? 'no_stream' : past[past.length - 1].revision,
      events: chainEvents(lastHash(past), toAppend),
    });
    if (slice.due()) await slice.next();
  }
  return appends;
}

/** Appends of no events: the store checks that each stream the decision relied on is as it was read. */
function checks(
  streams: ReadonlyMap<string, readonly RecordedEvent[]>,
  written: readonly (readonly [string, readonly EventToAppend[]])[],
  unchanged: readonly string[],
): StreamAppend[] {
  const writing = new Set(written.map(([streamId]) => streamId));
  return [...new Set(unchanged)]
    .filter((streamId) => !writing.has(streamId))
    .map((streamId) => {
      const past = streams.get(streamId) ?? [];
      const expectedRevision = past.length === 0 ? 'no_stream' : past[past.length - 1].revision;
      return { streamId, expectedRevision, events: [] };
    });
}

function newestPosition(streams: ReadonlyMap<string, readonly RecordedEvent[]>): bigint {
  let newest = 0n;
  for (const events of streams.values()) {
    const last = events[events.length - 1];
    if (last && last.position > newest) newest = last.position;
  }
  return newest;
}
