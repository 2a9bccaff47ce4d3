import type Database from 'better-sqlite3';
import {
  guardSqlite,
  isSqliteError,
  migrateIdempotencySchema,
  openSqliteDatabase,
  SQLITE_BUSY_TIMEOUT_MS,
  sqliteStoreClosed,
} from '@serial/event-store';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  MAX_KEYS_PER_USER,
  type ClaimResult,
  type IdempotencyClaim,
  type IdempotencyKeyRef,
  type IdempotencyStore,
  type StoredResponse,
} from '../idempotency-store.port';
import { COMPRESS_ABOVE_CHARS, compress, decodeOutcome, decompress } from '../stored-bytes';
import {
  prepareIdempotencyStatements,
  type IdempotencyStatements,
  type KeyRow,
} from './idempotency-statements';

export interface SqliteIdempotencyStoreOptions {
  /** Milliseconds since the epoch; a seam for tests. */
  readonly now?: () => number;
  /** How long an unrenewed in-flight claim blocks retries before one may take it over. */
  readonly leaseMs?: number;
  /** How long a finished request is remembered (API.md: at least 24 h). */
  readonly retentionMs?: number;
  /** Live keys one user may hold (API.md: 100,000). */
  readonly maxKeysPerUser?: number;
  /** The file is the event store's: it commits a claim's outcome with the command's events. */
  readonly recordsWithEvents?: boolean;
}

export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Expired keys of a user at the limit deleted at once before the limit is applied. */
const USER_PURGE_BATCH = 1000;
const BUSY_RETRY_MS = 5;
const STORE = 'idempotency store';

/** Rows whose stored bytes still need unpacking (off the event loop) once the transaction is done. */
type Claimed =
  | ClaimResult
  | { readonly outcome: 'replay_gzipped'; readonly row: KeyRow }
  | { readonly outcome: 'claimed_committed'; readonly claim: IdempotencyClaim; readonly row: KeyRow };

/**
 * The embedded adapter: the idempotency tables of events.sqlite (DESIGN.md "Idempotency records"), or
 * with KurrentDB a file of their own. A connection of its own, that never waits on SQLite's lock in
 * SQLite's busy handler, which would block the event loop: it tries again a few milliseconds later.
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly now: () => number;
  readonly leaseMs: number;
  readonly recordsWithEvents: boolean;
  private readonly retentionMs: number;
  private readonly maxKeysPerUser: number;
  private readonly statements: IdempotencyStatements;
  private readonly claimTransaction: Database.Transaction<(ref: IdempotencyKeyRef, hash: string) => Claimed>;
  private readonly deleteTransaction: Database.Transaction<(rows: () => { user_id: string }[]) => number>;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteIdempotencyStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.maxKeysPerUser = options.maxKeysPerUser ?? MAX_KEYS_PER_USER;
    this.recordsWithEvents = options.recordsWithEvents ?? false;
    migrateIdempotencySchema(db);
    db.pragma('busy_timeout = 0');
    this.statements = prepareIdempotencyStatements(db);
    this.claimTransaction = db.transaction((ref, hash) => this.claimInTransaction(ref, hash));
    this.deleteTransaction = db.transaction((rows) => this.uncount(rows()));
  }

  static open(filePath: string, options: SqliteIdempotencyStoreOptions = {}): SqliteIdempotencyStore {
    const db = openSqliteDatabase(filePath, {
      // NORMAL in WAL mode survives a process crash; a power cut may lose the last claims and answers.
      // Keys whose commands committed keep their outcome, committed with the events (FULL).
      synchronous: 'NORMAL',
    });
    try {
      return new SqliteIdempotencyStore(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async claim(ref: IdempotencyKeyRef, bodyHash: string): Promise<ClaimResult> {
    // IMMEDIATE: the read and the write that follows it must not interleave with another connection.
    const claimed = await this.write(() => this.claimTransaction.immediate(ref, bodyHash));
    switch (claimed.outcome) {
      case 'replay_gzipped': {
        const body = await decompress(claimed.row.response_gzip as Buffer);
        return { outcome: 'replay', response: { ...responseOf(claimed.row), body } };
      }
      case 'claimed_committed': {
        const { position, outcome } = claimed.row;
        const result = await decodeOutcome(outcome as Buffer);
        return {
          outcome: 'claimed',
          claim: claimed.claim,
          committed: { position: BigInt(position ?? 0), result },
        };
      }
      default:
        return claimed;
    }
  }

  async renew(claim: IdempotencyClaim): Promise<boolean> {
    const leaseExpiresAt = this.now() + this.leaseMs;
    return this.write(() => this.statements.renew.run({ ...keyOf(claim), leaseExpiresAt }).changes > 0);
  }

  async complete(claim: IdempotencyClaim, response: StoredResponse): Promise<void> {
    const large = response.body !== null && response.body.length > COMPRESS_ABOVE_CHARS;
    const gzip = large ? await compress(response.body as string) : null;
    const expiresAt = this.now() + this.retentionMs;
    const stored = { ...response, body: large ? null : response.body, gzip };
    await this.write(() => this.statements.complete.run({ ...keyOf(claim), ...stored, expiresAt }));
  }

  async release(claim: IdempotencyClaim): Promise<void> {
    await this.write(() => {
      this.deleteTransaction(() => this.statements.release.all(keyOf(claim)));
      this.statements.letGo.run(keyOf(claim));
    });
  }

  async purgeExpired(limit: number): Promise<number> {
    return this.write(() => this.deleteTransaction(() => this.statements.purge.all(this.now(), limit)));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private claimInTransaction(ref: IdempotencyKeyRef, hash: string): Claimed {
    const now = this.now();
    const row = this.statements.find.get(ref);
    const token = randomUUID();
    const leaseExpiresAt = now + this.leaseMs;
    if (row === undefined || row.expires_at <= now) {
      // An expired row is replaced in place: the user's count stays as it was.
      if (row === undefined) {
        const full = this.refuseOverLimit(ref.userId, now);
        if (full !== undefined) return full;
        this.statements.count.run({ userId: ref.userId, delta: 1 });
      }
      const expiresAt = now + this.retentionMs;
      this.statements.insert.run({ ...ref, hash, token, leaseExpiresAt, now, expiresAt });
      return { outcome: 'claimed', claim: { ref, token } };
    }
    if (row.body_hash !== hash) return { outcome: 'body_mismatch' };
    if (row.state === 'done') {
      if (row.response_gzip !== null) return { outcome: 'replay_gzipped', row };
      return { outcome: 'replay', response: responseOf(row) };
    }
    if ((row.lease_expires_at ?? 0) > now) return { outcome: 'in_progress' };
    this.statements.takeOver.run({ ...ref, token, leaseExpiresAt });
    if (row.state === 'committed') return { outcome: 'claimed_committed', claim: { ref, token }, row };
    return { outcome: 'claimed', claim: { ref, token } };
  }

  /** At the limit, the user's expired keys go first (the purge may not have reached them yet). */
  private refuseOverLimit(userId: string, now: number): ClaimResult | undefined {
    let keys = this.statements.keysOf.get(userId)?.keys ?? 0;
    if (keys < this.maxKeysPerUser) return undefined;
    keys -= this.uncount(this.statements.purgeUser.all(userId, now, USER_PURGE_BATCH));
    if (keys < this.maxKeysPerUser) return undefined;
    const oldest = this.statements.oldestExpiry.get(userId)?.expires_at ?? now;
    return { outcome: 'too_many_keys', retryAfterMs: Math.max(1000, oldest - now) };
  }

  /** Takes deleted rows off their users' counts; returns how many there were. */
  private uncount(deleted: readonly { user_id: string }[]): number {
    const byUser = new Map<string, number>();
    for (const { user_id } of deleted) byUser.set(user_id, (byUser.get(user_id) ?? 0) + 1);
    for (const [userId, count] of byUser) this.statements.count.run({ userId, delta: -count });
    return deleted.length;
  }

  /** While the event store's group commit holds the file's lock, waits for it off the event loop. */
  private async write<T>(action: () => T): Promise<T> {
    for (let waited = 0; ; waited += BUSY_RETRY_MS) {
      if (!this.db.open) throw sqliteStoreClosed(STORE);
      try {
        return action();
      } catch (error) {
        if (!isBusy(error) || waited >= SQLITE_BUSY_TIMEOUT_MS)
          return guardSqlite(STORE, () => {
            throw error;
          });
      }
      await sleep(BUSY_RETRY_MS);
    }
  }
}

function isBusy(error: unknown): boolean {
  return isSqliteError(error) && error.code.startsWith('SQLITE_BUSY');
}

function keyOf(claim: IdempotencyClaim) {
  return { ...claim.ref, token: claim.token };
}

function responseOf(row: KeyRow): StoredResponse {
  return { status: row.status ?? 200, contentType: row.content_type, body: row.response_body };
}
