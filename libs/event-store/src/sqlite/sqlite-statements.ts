import type Database from 'better-sqlite3';
import type { EventMetadata, RecordedEvent } from '../event-store.port';

/** Safe integers are on for the whole connection, so every INTEGER column arrives as a bigint. */
interface EventRow {
  position: bigint;
  event_id: string;
  stream_id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

type InsertParams = [string, string, number, string, string, string, string];

export type EventStatements = ReturnType<typeof prepareEventStatements>;

const COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';

/** Prepared once per connection: preparing is a large share of a small statement's cost. */
export function prepareEventStatements(db: Database.Database) {
  return {
    insert: db.prepare<InsertParams>(
      `INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    lastRevision: db
      .prepare<[string], bigint | null>('SELECT MAX(revision) FROM events WHERE stream_id = ?')
      .pluck(),
    lastRecordedAt: db
      .prepare<[], string>('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1')
      .pluck(),
    headPosition: db.prepare<[], bigint>('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
    readStream: db.prepare<[string, bigint, string], EventRow>(
      `SELECT ${COLUMNS} FROM events
       WHERE stream_id = ? AND position <= ? AND recorded_at <= ?
       ORDER BY revision`,
    ),
    // One statement for any number of ids: no bound-variable limit, and measured as fast as chunked IN lists.
    readStreams: db.prepare<[string], EventRow>(
      `SELECT ${COLUMNS} FROM events
       WHERE stream_id IN (SELECT value FROM json_each(?))
       ORDER BY stream_id, revision`,
    ),
    readAll: db.prepare<[bigint, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    ping: db.prepare('SELECT 1').pluck(),
  };
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: new Date(row.recorded_at),
  };
}
