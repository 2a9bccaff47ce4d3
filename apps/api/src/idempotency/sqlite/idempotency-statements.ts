import type Database from 'better-sqlite3';
import type { IdempotencyKeyRef } from '../idempotency-store.port';

export interface KeyRow {
  body_hash: string;
  state: 'in_flight' | 'committed' | 'done';
  lease_expires_at: number | null;
  status: number | null;
  content_type: string | null;
  response_body: string | null;
  response_gzip: Buffer | null;
  expires_at: number;
  position: string | null;
  outcome: Buffer | null;
}

const WHERE_KEY = 'user_id = @userId AND scope = @scope AND idempotency_key = @key';
/** The holder's key, before (in flight) or after its command appended (committed). */
const WHERE_CLAIM = `${WHERE_KEY} AND state IN ('in_flight', 'committed') AND claim_token = @token`;

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
           content_type = @contentType, response_body = @body, response_gzip = @gzip, expires_at = @expiresAt,
           outcome = NULL
       WHERE ${WHERE_CLAIM}`,
    ),
    release: db.prepare<{ userId: string; scope: string; key: string; token: string }, { user_id: string }>(
      `DELETE FROM idempotency_keys WHERE ${WHERE_CLAIM} AND state = 'in_flight' RETURNING user_id`,
    ),
    // A committed key keeps its outcome; its lease ends now, so a retry need not wait to take it over.
    letGo: db.prepare(
      `UPDATE idempotency_keys SET lease_expires_at = 0 WHERE ${WHERE_CLAIM} AND state = 'committed'`,
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
