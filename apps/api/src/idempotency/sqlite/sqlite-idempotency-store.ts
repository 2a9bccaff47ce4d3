import type Database from 'better-sqlite3';
import { guardSqlite, openSqliteDatabase, sqliteStoreClosed } from '@serial/event-store';
import { randomUUID } from 'node:crypto';
import type {
  ClaimResult,
  IdempotencyClaim,
  IdempotencyKeyRef,
  IdempotencyStore,
  StoredResponse,
} from '../idempotency-store.port';

export interface SqliteIdempotencyStoreOptions {
  /** Milliseconds since the epoch; a seam for tests. */
  readonly now?: () => number;
  /** How long an unrenewed in-flight claim blocks retries before one may take it over. */
  readonly leaseMs?: number;
  /** How long a finished request is remembered (API.md: at least 24 h). */
  readonly retentionMs?: number;
}

export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;
const STORE = 'idempotency store';

const SCHEMA = `
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
`;

interface KeyRow {
  body_hash: string;
  state: 'in_flight' | 'done';
  lease_expires_at: number | null;
  status: number | null;
  content_type: string | null;
  response_body: string | null;
  expires_at: number;
}

const WHERE_KEY = 'user_id = @userId AND scope = @scope AND idempotency_key = @key';
const WHERE_CLAIM = `${WHERE_KEY} AND state = 'in_flight' AND claim_token = @token`;

/** The embedded adapter: its own file, so that a busy key table never holds up event appends. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly now: () => number;
  readonly leaseMs: number;
  private readonly retentionMs: number;
  private readonly statements: Statements;
  private readonly claimTransaction: Database.Transaction<
    (ref: IdempotencyKeyRef, hash: string) => ClaimResult
  >;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteIdempotencyStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.statements = prepareStatements(db);
    this.claimTransaction = db.transaction((ref, hash) => this.claimInTransaction(ref, hash));
  }

  static open(filePath: string, options: SqliteIdempotencyStoreOptions = {}): SqliteIdempotencyStore {
    const db = openSqliteDatabase(filePath, {
      // NORMAL in WAL mode survives a process crash; only a power cut can lose the last commits.
      // Losing a record then has the same effect as the crash window the module documents (the
      // retry runs the command again), and FULL would add two fsyncs to every keyed command.
      synchronous: 'NORMAL',
      schema: [SCHEMA],
    });
    try {
      return new SqliteIdempotencyStore(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async claim(ref: IdempotencyKeyRef, bodyHash: string): Promise<ClaimResult> {
    // IMMEDIATE: the read and the write that follows it must not interleave with another process.
    return this.guard(() => this.claimTransaction.immediate(ref, bodyHash));
  }

  async renew(claim: IdempotencyClaim): Promise<boolean> {
    const leaseExpiresAt = this.now() + this.leaseMs;
    return this.guard(() => this.statements.renew.run({ ...keyOf(claim), leaseExpiresAt }).changes > 0);
  }

  async complete(claim: IdempotencyClaim, response: StoredResponse): Promise<void> {
    const expiresAt = this.now() + this.retentionMs;
    this.guard(() => this.statements.complete.run({ ...keyOf(claim), ...response, expiresAt }));
  }

  async release(claim: IdempotencyClaim): Promise<void> {
    this.guard(() => this.statements.release.run(keyOf(claim)));
  }

  async purgeExpired(limit: number): Promise<number> {
    return this.guard(() => this.statements.purge.run(this.now(), limit).changes);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private claimInTransaction(ref: IdempotencyKeyRef, hash: string): ClaimResult {
    const now = this.now();
    const row = this.statements.find.get(ref);
    const token = randomUUID();
    const leaseExpiresAt = now + this.leaseMs;
    if (row === undefined || row.expires_at <= now) {
      const expiresAt = now + this.retentionMs;
      this.statements.insert.run({ ...ref, hash, token, leaseExpiresAt, now, expiresAt });
      return { outcome: 'claimed', claim: { ref, token } };
    }
    if (row.body_hash !== hash) return { outcome: 'body_mismatch' };
    if (row.state === 'done') return { outcome: 'replay', response: responseOf(row) };
    if ((row.lease_expires_at ?? 0) > now) return { outcome: 'in_progress' };
    this.statements.takeOver.run({ ...ref, token, leaseExpiresAt });
    return { outcome: 'claimed', claim: { ref, token } };
  }

  private guard<T>(action: () => T): T {
    if (!this.db.open) throw sqliteStoreClosed(STORE);
    return guardSqlite(STORE, action);
  }
}

function keyOf(claim: IdempotencyClaim) {
  return { ...claim.ref, token: claim.token };
}

function responseOf(row: KeyRow): StoredResponse {
  return { status: row.status ?? 200, contentType: row.content_type, body: row.response_body };
}

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: Database.Database) {
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
       SET state = 'done', claim_token = NULL, lease_expires_at = NULL,
           status = @status, content_type = @contentType, response_body = @body, expires_at = @expiresAt
       WHERE ${WHERE_CLAIM}`,
    ),
    release: db.prepare(`DELETE FROM idempotency_keys WHERE ${WHERE_CLAIM}`),
    purge: db.prepare<[number, number]>(
      `DELETE FROM idempotency_keys WHERE rowid IN
         (SELECT rowid FROM idempotency_keys WHERE expires_at <= ? LIMIT ?)`,
    ),
  };
}
