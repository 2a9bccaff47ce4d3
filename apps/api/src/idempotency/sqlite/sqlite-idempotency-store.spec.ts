import Database from 'better-sqlite3';
import { StoreUnavailableError } from '@serial/event-store';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StoredResponse } from '../idempotency-store.port';
import {
  claimed,
  describeIdempotencyStoreContract,
  LEASE_MS,
  OK,
  ref,
  RETENTION_MS,
} from '../testing/idempotency-store.contract';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';

describeIdempotencyStoreContract('SqliteIdempotencyStore', async (options) => {
  const store = SqliteIdempotencyStore.open(':memory:', options);
  return { store, teardown: () => store.close() };
});

describe('SqliteIdempotencyStore', () => {
  let now: number;
  let dir: string;
  const open = (file: string, maxKeysPerUser?: number) =>
    SqliteIdempotencyStore.open(file, {
      now: () => now,
      leaseMs: LEASE_MS,
      retentionMs: RETENTION_MS,
      maxKeysPerUser,
    });

  beforeEach(() => {
    now = Date.parse('2025-01-01T00:00:00Z');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idempotency-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps keys across a reopen of the same file', async () => {
    const file = path.join(dir, 'nested', 'idempotency.sqlite');
    const first = open(file);
    await first.complete(claimed(await first.claim(ref, 'h')), OK);
    await first.close();
    const reopened = open(file);
    expect(await reopened.claim(ref, 'h')).toEqual({ outcome: 'replay', response: OK });
    await reopened.close();
  });

  it('stores a 10,000-serial answer compressed, and a small one as it is', async () => {
    const serials = Array.from({ length: 10_000 }, (_, i) => ({
      serialNumber: `SN-${String(i).padStart(5, '0')}`,
    }));
    const large: StoredResponse = { ...OK, body: JSON.stringify({ position: '42', serials }) };
    const file = path.join(dir, 'idempotency.sqlite');
    const keys = open(file);
    await keys.complete(claimed(await keys.claim(ref, 'h')), large);
    await keys.complete(claimed(await keys.claim({ ...ref, key: 'small' }, 'h')), OK);
    await keys.close();
    const stored = new Database(file, { readonly: true })
      .prepare(
        'SELECT length(response_body) AS text, length(response_gzip) AS gzip FROM idempotency_keys ORDER BY idempotency_key',
      )
      .all() as { text: number | null; gzip: number | null }[];
    expect(stored).toEqual([
      { text: null, gzip: expect.any(Number) },
      { text: OK.body!.length, gzip: null },
    ]);
    expect(stored[0].gzip).toBeLessThan(large.body!.length / 10);
  });

  it('counts the keys of a file written before keys were counted', async () => {
    const file = path.join(dir, 'idempotency.sqlite');
    const old = open(file);
    for (const key of ['x', 'y', 'z']) await old.complete(claimed(await old.claim({ ...ref, key }, 'h')), OK);
    await old.close();
    const raw = new Database(file);
    raw.exec('DROP TABLE idempotency_users');
    raw.close();
    const reopened = open(file, 3);
    expect((await reopened.claim({ ...ref, key: 'w' }, 'h')).outcome).toBe('too_many_keys');
    await reopened.close();
  });

  it('waits for another connection that holds the lock, without blocking the event loop', async () => {
    const file = path.join(dir, 'events.sqlite');
    const keys = open(file);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticking = setInterval(() => (ticks += 1), 1);
    const claim = keys.claim(ref, 'h');
    await new Promise((resolve) => setTimeout(resolve, 100));
    other.exec('COMMIT');
    expect((await claim).outcome).toBe('claimed');
    clearInterval(ticking);
    // SQLite's own busy handler would sleep on the main thread: not one tick while the lock is held.
    expect(ticks).toBeGreaterThanOrEqual(2);
    other.close();
    await keys.close();
  });

  it('reports a closed store as unavailable', async () => {
    const store = open(':memory:');
    await store.close();
    await expect(store.claim(ref, 'h')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
