import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const BUSY_TIMEOUT_MS = 5000;

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

export function openEventDatabase(filePath: string): Database.Database {
  if (filePath !== ':memory:' && filePath !== '') mkdirSync(dirname(filePath), { recursive: true });
  const db = new Database(filePath);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // NORMAL would only sync at checkpoints: a power cut could then lose appends already acknowledged.
    db.pragma('synchronous = FULL');
    db.defaultSafeIntegers(true);
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
