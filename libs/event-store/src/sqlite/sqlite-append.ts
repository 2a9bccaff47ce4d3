import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventToAppend,
  type StreamAppend,
  type StreamConflict,
} from '../event-store.port';
import { holds } from '../append-checks';
import type { TimeSlice } from '../time-slice';
import { isSqliteError } from './sqlite-errors';
import type { EventStatements } from './sqlite-statements';

/**
 * Writes one append (its streams all or none) inside the caller's transaction: checks every expected
 * revision first, then inserts the events with consecutive revisions and one `recordedAt`. It yields
 * the event loop whenever `slice` is due: a 10,000-serial command is 10,000 lookups and inserts.
 */
export async function appendInTransaction(
  statements: EventStatements,
  appends: readonly StreamAppend[],
  now: () => Date,
  slice: TimeSlice,
): Promise<AppendResult> {
  const actual: number[] = [];
  for (const append of appends) {
    actual.push(Number(statements.lastRevision.get(append.streamId) ?? -1));
    if (slice.due()) await slice.next();
  }
  const conflicts: StreamConflict[] = appends
    .map((append, index) => ({
      streamId: append.streamId,
      expected: append.expectedRevision,
      actual: actual[index],
    }))
    .filter((conflict) => !holds(conflict.expected, conflict.actual));
  if (conflicts.length > 0) throw new WrongExpectedRevisionError(conflicts);

  const recordedAt = nextRecordedAt(statements, now);
  const revisions = new Map<string, number>();
  let position: bigint | undefined;
  for (const [index, append] of appends.entries()) {
    let revision = actual[index];
    for (const event of append.events) {
      revision += 1;
      position = insert(statements, append.streamId, revision, event, recordedAt);
    }
    revisions.set(append.streamId, revision);
    if (slice.due()) await slice.next();
  }
  return { position: position ?? statements.headPosition.get() ?? 0n, revisions };
}

function insert(
  statements: EventStatements,
  streamId: string,
  revision: number,
  event: EventToAppend,
  recordedAt: string,
): bigint {
  const { eventId, type, data, metadata } = event;
  try {
    const serialized = [JSON.stringify(data), JSON.stringify(metadata)] as const;
    const inserted = statements.insert.run(eventId, streamId, revision, type, ...serialized, recordedAt);
    return BigInt(inserted.lastInsertRowid);
  } catch (error) {
    if (isUniqueViolation(error, 'events.event_id')) throw new DuplicateEventIdError(eventId);
    throw error;
  }
}

/** Never earlier than the last event's, so that "as of" reads agree with global order if the clock steps back. */
function nextRecordedAt(statements: EventStatements, now: () => Date): string {
  const current = now().toISOString();
  const last = statements.lastRecordedAt.get();
  return last !== undefined && last > current ? last : current;
}

function isUniqueViolation(error: unknown, column: string): boolean {
  return isSqliteError(error) && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes(column);
}
