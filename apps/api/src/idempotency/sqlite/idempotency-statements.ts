import type Database from 'better-sqlite3';
import type { IdempotencyKeyRef } from '../idempotency-store.port';

const KEYS_TABLE = `
  CREATE TABLE IF NOT EXISTS idempotency_keys (
    user_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
    claim_token TEXT,
    lease_expires_at INTEGER,
    status INTEGER,
    content_type TEXT,
    response_body TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, scope, idempotency_key)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);
  CREATE INDEX IF NOT EXISTS idempotency_keys_user_expiry ON idempotency_keys (user_id, expires_at);
`;

/** How many keys each user holds (live or expired but not purged yet), kept with every insert and delete. */
const USERS_TABLE = `
  CREATE TABLE idempotency_users (user_id TEXT PRIMARY KEY, keys INTEGER NOT NULL) STRICT;
  INSERT INTO idempotency_users SELECT user_id, count(*) FROM idempotency_keys GROUP BY user_id;
`;

/**
 * The tables, brought up to date in place: files written before answers were compressed and keys
 * counted gain the column and the counts (from the keys they hold).
 */
export function migrateIdempotencySchema(db: Database.Database): void {
  db.exec(KEYS_TABLE);
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(idempotency_keys)').all();
  if (!columns.some(({ name }) => name === 'response_gzip')) {
    db.exec('ALTER TABLE idempotency_keys ADD COLUMN response_gzip BLOB');
  }
  const users = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'idempotency_users'");
  if (users.get() === undefined) db.transaction(() => db.exec(USERS_TABLE)).immediate();
}

export interface KeyRow {
  body_hash: string;
  state: 'in_flight' | 'done';
  lease_expires_at: number | null;
  status: number | null;
  content_type: string | null;
  response_body: string | null;
  response_gzip: Buffer | null;
  expires_at: number;
}

const WHERE_KEY = 'user_id = @userId AND scope = @scope AND idempotency_key = @key';
const WHERE_CLAIM = `${WHERE_KEY} AND state = 'in_flight' AND claim_token = @token`;

export type IdempotencyStatements = ReturnType<typeof prepareIdempotencyStatements>;

export function prepareIdempotencyStatements(db: Database.Database) {
  return {
    find: db.prepare<IdempotencyKeyRef, KeyRow>(`SELECT * FROM idempotency_keys WHERE ${WHERE_KEY}`),
    // REPLACE also overwrites an expired row that the purge has not reached yet.
    insert: db.prepare(
      `INSERT OR REPLACE INTO idempotency_keys
         (user_id, scope, idempotency_key, body_hash, state, claim_token, lease_expires_at, created_at, expires_at)
       VALUES (@userId, @scope, @key, @hash, 'in_flight', @token, @leaseExpiresAt, @now, @expiresAt)`,
    ),
    takeOver: db.prepare(
      `UPDATE idempotency_keys SET claim_token = @token, lease_expires_at = @leaseExpiresAt WHERE ${WHERE_KEY}`,
    ),
    renew: db.prepare(`UPDATE idempotency_keys SET lease_expires_at = @leaseExpiresAt WHERE ${WHERE_CLAIM}`),
    complete: db.prepare(
      `UPDATE idempotency_keys
       SET state = 'done', claim_token = NULL, lease_expires_at = NULL, status = @status,
           content_type = @contentType, response_body = @body, response_gzip = @gzip, expires_at = @expiresAt
       WHERE ${WHERE_CLAIM}`,
    ),
    release: db.prepare<{ userId: string; scope: string; key: string; token: string }, { user_id: string }>(
      `DELETE FROM idempotency_keys WHERE ${WHERE_CLAIM} RETURNING user_id`,
    ),
    purge: db.prepare<[number, number], { user_id: string }>(
      `DELETE FROM idempotency_keys WHERE rowid IN
         (SELECT rowid FROM idempotency_keys WHERE expires_at <= ? LIMIT ?) RETURNING user_id`,
    ),
    purgeUser: db.prepare<[string, number, number], { user_id: string }>(
      `DELETE FROM idempotency_keys WHERE rowid IN
         (SELECT rowid FROM idempotency_keys WHERE user_id = ? AND expires_at <= ? LIMIT ?) RETURNING user_id`,
    ),
    keysOf: db.prepare<[string], { keys: number }>('SELECT keys FROM idempotency_users WHERE user_id = ?'),
    oldestExpiry: db.prepare<[string], { expires_at: number }>(
      'SELECT expires_at FROM idempotency_keys WHERE user_id = ? ORDER BY expires_at LIMIT 1',
    ),
    count: db.prepare<{ userId: string; delta: number }>(
      `INSERT INTO idempotency_users (user_id, keys) VALUES (@userId, max(0, @delta))
       ON CONFLICT (user_id) DO UPDATE SET keys = max(0, keys + @delta)`,
    ),
  };
}
