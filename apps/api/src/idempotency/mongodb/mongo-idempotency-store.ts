import { StoreUnavailableError } from '@serial/event-store';
import { isMongoUnavailable } from '@serial/read-models';
import { Binary, MongoClient, MongoServerError, type Collection, type Filter, type ObjectId } from 'mongodb';
import { randomUUID } from 'node:crypto';
import {
  MAX_KEYS_PER_USER,
  type ClaimResult,
  type IdempotencyClaim,
  type IdempotencyKeyRef,
  type IdempotencyStore,
  type StoredResponse,
} from '../idempotency-store.port';
import { COMPRESS_ABOVE_CHARS, compress, decompress } from '../stored-bytes';

export interface MongoIdempotencyStoreOptions {
  /** Milliseconds since the epoch; a seam for tests. */
  readonly now?: () => number;
  readonly leaseMs?: number;
  /** API.md: at least 24 h. */
  readonly retentionMs?: number;
  readonly maxKeysPerUser?: number;
  readonly connectTimeoutMs?: number;
}

interface KeyDocument {
  _id?: ObjectId;
  userId: string;
  scope: string;
  key: string;
  bodyHash: string;
  state: 'in_flight' | 'done';
  token: string | null;
  leaseExpiresAt: Date | null;
  status: number | null;
  contentType: string | null;
  body: string | null;
  bodyGzip: Binary | null;
  createdAt: Date;
  /** A Date, for the TTL index: the server deletes the key once it has passed. */
  expiresAt: Date;
}

export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';
const DUPLICATE_KEY = 11000;
/** A claim that loses a race (another instance inserted or took the key) reads the key again. */
const CLAIM_ATTEMPTS = 5;

/**
 * Keys shared by every api instance of a deployment: a unique index on the scoped key decides which
 * of two instances claims it, a TTL index deletes it once expired, and the per-user limit counts a
 * user's live keys on the (userId, expiresAt) index. Answers are recorded after the command: MongoDB
 * and KurrentDB share no transaction (see the interceptor).
 */
export class MongoIdempotencyStore implements IdempotencyStore {
  readonly recordsWithEvents = false;
  readonly leaseMs: number;
  private readonly now: () => number;
  private readonly retentionMs: number;
  private readonly maxKeysPerUser: number;

  private constructor(
    private readonly client: MongoClient,
    private readonly keys: Collection<KeyDocument>,
    options: MongoIdempotencyStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
    this.maxKeysPerUser = options.maxKeysPerUser ?? MAX_KEYS_PER_USER;
  }

  static async connect(
    uri: string,
    database: string,
    options: MongoIdempotencyStoreOptions = {},
  ): Promise<MongoIdempotencyStore> {
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    const client = new MongoClient(uri, {
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      appName: 'serial-tracking',
    });
    try {
      await client.connect();
      const keys = client.db(database).collection<KeyDocument>(IDEMPOTENCY_COLLECTION);
      await keys.createIndexes([
        { key: { userId: 1, scope: 1, key: 1 }, name: 'scoped_key', unique: true },
        { key: { expiresAt: 1 }, name: 'expiry', expireAfterSeconds: 0 },
        { key: { userId: 1, expiresAt: 1 }, name: 'user_expiry' },
      ]);
      return new MongoIdempotencyStore(client, keys, options);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw toStoreError(error);
    }
  }

  async claim(ref: IdempotencyKeyRef, bodyHash: string): Promise<ClaimResult> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.guard(() => this.tryClaim(ref, bodyHash));
      if (result !== undefined) return result;
      if (attempt === CLAIM_ATTEMPTS) return { outcome: 'in_progress' };
    }
  }

  async renew(claim: IdempotencyClaim): Promise<boolean> {
    const leaseExpiresAt = new Date(this.now() + this.leaseMs);
    const { matchedCount } = await this.guard(() =>
      this.keys.updateOne(heldBy(claim), { $set: { leaseExpiresAt } }),
    );
    return matchedCount > 0;
  }

  async complete(claim: IdempotencyClaim, response: StoredResponse): Promise<void> {
    const large = response.body !== null && response.body.length > COMPRESS_ABOVE_CHARS;
    const bodyGzip = large ? new Binary(await compress(response.body as string)) : null;
    const answer = {
      state: 'done' as const,
      token: null,
      leaseExpiresAt: null,
      status: response.status,
      contentType: response.contentType,
      body: large ? null : response.body,
      bodyGzip,
      expiresAt: new Date(this.now() + this.retentionMs),
    };
    await this.guard(() => this.keys.updateOne(heldBy(claim), { $set: answer }));
  }

  async release(claim: IdempotencyClaim): Promise<void> {
    await this.guard(() => this.keys.deleteOne(heldBy(claim)));
  }

  /** The TTL index deletes expired keys within a minute; this only hurries it. */
  async purgeExpired(limit: number): Promise<number> {
    return this.guard(async () => {
      const expired = { expiresAt: { $lte: new Date(this.now()) } };
      const ids = await this.keys.find(expired, { projection: { _id: 1 }, limit }).toArray();
      if (ids.length === 0) return 0;
      const { deletedCount } = await this.keys.deleteMany({ _id: { $in: ids.map(({ _id }) => _id) } });
      return deletedCount;
    });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** One read and one conditional write; undefined when another instance changed the key in between. */
  private async tryClaim(ref: IdempotencyKeyRef, bodyHash: string): Promise<ClaimResult | undefined> {
    const now = this.now();
    const existing = await this.keys.findOne(scopedKey(ref));
    const token = randomUUID();
    const leaseExpiresAt = new Date(now + this.leaseMs);
    if (existing === null || existing.expiresAt.getTime() <= now) {
      if (existing === null) {
        const full = await this.refuseOverLimit(ref.userId, now);
        if (full !== undefined) return full;
      }
      const fresh = newKey(ref, bodyHash, token, leaseExpiresAt, now, now + this.retentionMs);
      if (existing !== null) {
        const replaced = await this.keys.replaceOne(
          { _id: existing._id, expiresAt: existing.expiresAt },
          fresh,
        );
        return replaced.matchedCount > 0 ? { outcome: 'claimed', claim: { ref, token } } : undefined;
      }
      try {
        await this.keys.insertOne(fresh);
        return { outcome: 'claimed', claim: { ref, token } };
      } catch (error) {
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return undefined;
        throw error;
      }
    }
    if (existing.bodyHash !== bodyHash) return { outcome: 'body_mismatch' };
    if (existing.state === 'done') return { outcome: 'replay', response: await responseOf(existing) };
    if ((existing.leaseExpiresAt?.getTime() ?? 0) > now) return { outcome: 'in_progress' };
    const takeOver = { _id: existing._id, state: 'in_flight' as const, token: existing.token };
    const { matchedCount } = await this.keys.updateOne(takeOver, { $set: { token, leaseExpiresAt } });
    return matchedCount > 0 ? { outcome: 'claimed', claim: { ref, token } } : undefined;
  }

  /** Counts at most the limit, on the (userId, expiresAt) index. */
  private async refuseOverLimit(userId: string, now: number): Promise<ClaimResult | undefined> {
    const live = { userId, expiresAt: { $gt: new Date(now) } };
    const keys = await this.keys.countDocuments(live, { limit: this.maxKeysPerUser });
    if (keys < this.maxKeysPerUser) return undefined;
    const oldest = await this.keys.findOne(live, { sort: { expiresAt: 1 }, projection: { expiresAt: 1 } });
    const retryAfterMs = Math.max(1000, (oldest?.expiresAt.getTime() ?? now) - now);
    return { outcome: 'too_many_keys', retryAfterMs };
  }

  private async guard<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

function scopedKey({ userId, scope, key }: IdempotencyKeyRef): Filter<KeyDocument> {
  return { userId, scope, key };
}

function heldBy(claim: IdempotencyClaim): Filter<KeyDocument> {
  return { ...scopedKey(claim.ref), state: 'in_flight', token: claim.token };
}

function newKey(
  ref: IdempotencyKeyRef,
  bodyHash: string,
  token: string,
  leaseExpiresAt: Date,
  now: number,
  expiresAt: number,
): KeyDocument {
  return {
    userId: ref.userId,
    scope: ref.scope,
    key: ref.key,
    bodyHash,
    state: 'in_flight',
    token,
    leaseExpiresAt,
    status: null,
    contentType: null,
    body: null,
    bodyGzip: null,
    createdAt: new Date(now),
    expiresAt: new Date(expiresAt),
  };
}

async function responseOf(document: KeyDocument): Promise<StoredResponse> {
  const body = document.bodyGzip === null ? document.body : await decompress(document.bodyGzip.buffer);
  return { status: document.status ?? 200, contentType: document.contentType, body };
}

function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isMongoUnavailable(error)) return error;
  return new StoreUnavailableError(`MongoDB idempotency store unavailable: ${(error as Error).message}`, {
    cause: error,
  });
}
