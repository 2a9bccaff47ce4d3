import type {
  ClaimResult,
  IdempotencyClaim,
  IdempotencyStore,
  StoredResponse,
} from '../idempotency-store.port';

export const LEASE_MS = 60_000;
export const RETENTION_MS = 24 * 60 * 60 * 1000;
export const ref = { userId: 'clerk-anna', scope: 'POST /v1/serials/receive', key: 'key-1' };
export const OK: StoredResponse = {
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: '{"a":1}',
};

export interface ContractStoreOptions {
  readonly now: () => number;
  readonly leaseMs: number;
  readonly retentionMs: number;
  readonly maxKeysPerUser?: number;
}

export interface OpenedContractStore {
  readonly store: IdempotencyStore;
  readonly teardown: () => Promise<void>;
}

export const claimed = (result: ClaimResult): IdempotencyClaim => {
  if (result.outcome !== 'claimed') throw new Error(`expected a claim, got ${result.outcome}`);
  return result.claim;
};

/**
 * What every IdempotencyStore does (API.md "Idempotency-Key"), run against the SQLite store always
 * and the MongoDB store when MONGODB_URI is set. The clock starts in 2099, far past the real one, so
 * that MongoDB's TTL monitor (which reads the real clock) never removes a key a test still expects.
 */
export function describeIdempotencyStoreContract(
  name: string,
  open: (options: ContractStoreOptions) => Promise<OpenedContractStore>,
): void {
  describe(`${name} (IdempotencyStore contract)`, () => {
    let now: number;
    let opened: OpenedContractStore[] = [];
    let store: IdempotencyStore;
    const openStore = async (maxKeysPerUser?: number) => {
      const next = await open({
        now: () => now,
        leaseMs: LEASE_MS,
        retentionMs: RETENTION_MS,
        maxKeysPerUser,
      });
      opened.push(next);
      return next.store;
    };

    beforeEach(async () => {
      now = Date.parse('2099-01-01T00:00:00Z');
      store = await openStore();
    });
    afterEach(async () => {
      for (const { teardown } of opened) await teardown();
      opened = [];
    });

    it('claims a new key, then replays the recorded response for the same body', async () => {
      const claim = claimed(await store.claim(ref, 'hash-a'));
      await store.complete(claim, OK);
      expect(await store.claim(ref, 'hash-a')).toEqual({ outcome: 'replay', response: OK });
    });

    it('remembers a response without a body', async () => {
      const empty = { status: 202, contentType: null, body: null };
      await store.complete(claimed(await store.claim(ref, 'h')), empty);
      expect(await store.claim(ref, 'h')).toEqual({ outcome: 'replay', response: empty });
    });

    it('refuses a different body, in flight or done', async () => {
      const claim = claimed(await store.claim(ref, 'hash-a'));
      expect(await store.claim(ref, 'hash-b')).toEqual({ outcome: 'body_mismatch' });
      await store.complete(claim, OK);
      expect(await store.claim(ref, 'hash-b')).toEqual({ outcome: 'body_mismatch' });
    });

    it('reports a key in flight until its lease runs out, then lets a retry take it over', async () => {
      const first = claimed(await store.claim(ref, 'h'));
      now += LEASE_MS - 1;
      expect(await store.claim(ref, 'h')).toEqual({ outcome: 'in_progress' });
      now += 1;
      const second = claimed(await store.claim(ref, 'h'));
      expect(second.token).not.toBe(first.token);

      // The overtaken holder can no longer change the key; the new one records the answer.
      expect(await store.renew(first)).toBe(false);
      await store.complete(first, { ...OK, body: '"late"' });
      await store.release(first);
      expect(await store.claim(ref, 'h')).toEqual({ outcome: 'in_progress' });
      await store.complete(second, OK);
      expect(await store.claim(ref, 'h')).toEqual({ outcome: 'replay', response: OK });
    });

    it('keeps a renewed claim in flight past the first lease', async () => {
      const claim = claimed(await store.claim(ref, 'h'));
      now += LEASE_MS / 2;
      expect(await store.renew(claim)).toBe(true);
      now += LEASE_MS / 2 + 1;
      expect(await store.claim(ref, 'h')).toEqual({ outcome: 'in_progress' });
    });

    it('forgets a released key, so a retry (with any body) runs again', async () => {
      await store.release(claimed(await store.claim(ref, 'hash-a')));
      claimed(await store.claim(ref, 'hash-b'));
    });

    it('scopes keys by user and by route', async () => {
      await store.complete(claimed(await store.claim(ref, 'h')), OK);
      claimed(await store.claim({ ...ref, userId: 'clerk-ben' }, 'other'));
      claimed(await store.claim({ ...ref, scope: 'POST /v1/serials/deliver' }, 'other'));
    });

    it('remembers a response for the retention period from its completion, then forgets it', async () => {
      const claim = claimed(await store.claim(ref, 'hash-a'));
      now += 5_000;
      await store.complete(claim, OK);
      now += RETENTION_MS - 1;
      expect((await store.claim(ref, 'hash-a')).outcome).toBe('replay');
      now += 1;
      claimed(await store.claim(ref, 'hash-b'));
    });

    it('purges expired keys in bounded batches and keeps the live ones', async () => {
      for (const key of ['a', 'b', 'c'])
        await store.complete(claimed(await store.claim({ ...ref, key }, 'h')), OK);
      now += RETENTION_MS;
      await store.complete(claimed(await store.claim({ ...ref, key: 'fresh' }, 'h')), OK);
      expect(await store.purgeExpired(2)).toBe(2);
      expect(await store.purgeExpired(2)).toBe(1);
      expect(await store.purgeExpired(2)).toBe(0);
      expect((await store.claim({ ...ref, key: 'fresh' }, 'h')).outcome).toBe('replay');
    });

    it('replays a 10,000-serial answer byte for byte', async () => {
      const serials = Array.from({ length: 10_000 }, (_, i) => ({
        productId: 'LAPTOP',
        serialNumber: `SN-${String(i).padStart(5, '0')}`,
        status: 'available',
        locationId: 'WH/Stock',
      }));
      const large: StoredResponse = { ...OK, body: JSON.stringify({ position: '42', serials }) };
      await store.complete(claimed(await store.claim(ref, 'h')), large);
      expect(await store.claim(ref, 'h')).toEqual({ outcome: 'replay', response: large });
    });

    describe('live keys per user', () => {
      let limited: IdempotencyStore;
      beforeEach(async () => (limited = await openStore(3)));
      const fill = async (userId = ref.userId) => {
        for (const key of ['a', 'b', 'c']) {
          await limited.complete(claimed(await limited.claim({ ...ref, userId, key }, 'h')), OK);
        }
      };

      it('refuses a new key past the limit, saying when the oldest expires, and nothing else', async () => {
        await fill();
        now += 1000;
        expect(await limited.claim({ ...ref, key: 'd' }, 'h')).toEqual({
          outcome: 'too_many_keys',
          retryAfterMs: RETENTION_MS - 1000,
        });
        // Keys it holds still replay, and other users are not affected.
        expect((await limited.claim({ ...ref, key: 'a' }, 'h')).outcome).toBe('replay');
        claimed(await limited.claim({ ...ref, userId: 'clerk-ben', key: 'd' }, 'h'));
      });

      it('counts keys in flight, and gives a slot back when a key is released', async () => {
        const running = claimed(await limited.claim({ ...ref, key: 'a' }, 'h'));
        await limited.complete(claimed(await limited.claim({ ...ref, key: 'b' }, 'h')), OK);
        await limited.complete(claimed(await limited.claim({ ...ref, key: 'c' }, 'h')), OK);
        expect((await limited.claim({ ...ref, key: 'd' }, 'h')).outcome).toBe('too_many_keys');
        await limited.release(running);
        claimed(await limited.claim({ ...ref, key: 'd' }, 'h'));
      });

      it('frees the slots of expired keys, whether or not the purge reached them', async () => {
        await fill();
        now += RETENTION_MS;
        claimed(await limited.claim({ ...ref, key: 'd' }, 'h'));
        await fill('clerk-ben');
        now += RETENTION_MS;
        expect(await limited.purgeExpired(100)).toBeGreaterThanOrEqual(4);
        for (const key of ['e', 'f', 'g'])
          claimed(await limited.claim({ ...ref, userId: 'clerk-ben', key }, 'h'));
      });
    });
  });
}
