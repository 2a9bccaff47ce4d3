import type Database from 'better-sqlite3';
import { openSqliteDatabase } from './open-sqlite-database';

// AUTOINCREMENT (not plain rowid) so that a position is never handed out twice, even after the last
// row was deleted; STRICT so that a wrong column type fails instead of being stored.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (stream_id, revision)
  ) STRICT;
`;

/** The event store's file: its table, and the pragmas the benchmark's baseline measures too. */
export function openEventDatabase(filePath: string): Database.Database {
  return openSqliteDatabase(filePath, {
    // NORMAL would only sync at checkpoints: a power cut could then lose appends already acknowledged.
    synchronous: 'FULL',
    safeIntegers: true,
    schema: [SCHEMA],
  });
}
