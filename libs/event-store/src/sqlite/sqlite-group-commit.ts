import type Database from 'better-sqlite3';
import type { AppendResult, IdempotencyRecord, StreamAppend } from '../event-store.port';
import { TimeSlice } from '../time-slice';
import type { IdempotencyCommit } from './idempotency-table';
import { appendInTransaction } from './sqlite-append';
import { isSqliteUnavailable } from './sqlite-errors';
import type { EventStatements } from './sqlite-statements';

export interface PendingAppend {
  readonly appends: readonly StreamAppend[];
  /** Written with the append's events, in its savepoint (DESIGN.md "Idempotency records"). */
  readonly idempotency: IdempotencyRecord | undefined;
  readonly events: number;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
  /** Set inside the group's transaction; only acted on once the group has committed. */
  result: { ok: true; value: AppendResult } | { ok: false; error: unknown } | undefined;
}

/**
 * A group commit stops taking appends at this many events, so that one huge group cannot hold many
 * small commands behind it for long; the rest wait for the next group (in arrival order).
 */
const GROUP_EVENT_LIMIT = 50_000;

/** The next group from the head of `pending` (taken out of it): at least one append. */
export function takeGroup(pending: PendingAppend[]): PendingAppend[] {
  let events = 0;
  let count = 0;
  while (count < pending.length && (count === 0 || events + pending[count].events <= GROUP_EVENT_LIMIT)) {
    events += pending[count].events;
    count += 1;
  }
  return pending.splice(0, count);
}

/**
 * Writes a group in ONE transaction on the writer connection, each append in its own savepoint (an
 * append that throws, a conflict or a duplicate event id, is rolled back alone, the others stand),
 * and yields the event loop between slices of the work so that other requests are served while
 * 20,000 events are written (API.md "Load limits"). That is safe because the caller lets nothing
 * else use this connection until the promise settles (readers have their own connection and see
 * only committed WAL snapshots), and because any failure rolls the whole transaction back: the
 * promise then rejects and nothing of the group was written.
 */
export async function commitGroup(
  db: Database.Database,
  statements: EventStatements,
  group: readonly PendingAppend[],
  now: () => Date,
  recordIdempotency: IdempotencyCommit,
): Promise<void> {
  const slice = new TimeSlice();
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const append of group) {
      append.result = await appendInSavepoint(db, statements, append, now, slice, recordIdempotency);
    }
    // Rows that must become durable exactly when these events do belong here, on `db`, before COMMIT
    // (an append's idempotency record is written in its own savepoint, above).
    db.exec('COMMIT');
  } catch (error) {
    if (db.open && db.inTransaction) db.exec('ROLLBACK');
    for (const append of group) append.result = undefined;
    throw error;
  }
}

async function appendInSavepoint(
  db: Database.Database,
  statements: EventStatements,
  append: PendingAppend,
  now: () => Date,
  slice: TimeSlice,
  recordIdempotency: IdempotencyCommit,
): Promise<PendingAppend['result']> {
  db.exec('SAVEPOINT append');
  try {
    const value = await appendInTransaction(statements, append.appends, now, slice);
    // Last, in the append's savepoint: a claim lost meanwhile rolls the append's events back with it.
    if (append.idempotency) recordIdempotency(append.idempotency, value.position);
    db.exec('RELEASE append');
    return { ok: true, value };
  } catch (error) {
    // An outage, or an error after which SQLite rolled the whole transaction back (the later
    // appends would otherwise run outside it), fails the group.
    if (isSqliteUnavailable(error) || !db.inTransaction) throw error;
    db.exec('ROLLBACK TO append');
    db.exec('RELEASE append');
    return { ok: false, error };
  }
}
