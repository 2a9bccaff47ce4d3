import { IdempotencyClaimLostError, SqliteEventStore, WrongExpectedRevisionError } from '@serial/event-store';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IdempotencyClaim } from '../idempotency-store.port';
import { decodeOutcome, encodeOutcome } from '../stored-bytes';
import { claimed, LEASE_MS, OK, ref } from '../testing/idempotency-store.contract';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';

/** DESIGN.md "Idempotency records": the key's outcome in the same transaction as the events. */
describe('SqliteIdempotencyStore in the event store file', () => {
  let dir: string;
  let file: string;
  let now: number;
  let events: SqliteEventStore;
  let keys: SqliteIdempotencyStore;
  const openBoth = () => {
    events = SqliteEventStore.open(file);
    keys = SqliteIdempotencyStore.open(file, { now: () => now, leaseMs: LEASE_MS, recordsWithEvents: true });
  };
  const closeBoth = async () => {
    await keys.close();
    await events.close();
  };
  const append = async (
    claim: IdempotencyClaim,
    result: unknown,
    expectedRevision: 'no_stream' | 'any' = 'any',
  ) =>
    events.appendToStreams([{ streamId: 'serial-LAPTOP-SN-1', expectedRevision, events: [anEvent()] }], {
      idempotency: { ...claim.ref, token: claim.token, outcome: await encodeOutcome(result) },
    });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idempotency-events-'));
    file = path.join(dir, 'events.sqlite');
    now = Date.parse('2026-12-01T08:00:00Z');
    openBoth();
  });
  afterEach(async () => {
    await closeBoth();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hands a retry after a crash the outcome committed with the events, at their position', async () => {
    const first = claimed(await keys.claim(ref, 'h'));
    const { position } = await append(first, [{ serialNumber: 'SN-1', status: 'available' }]);
    // The process dies before it records the answer; the key is committed, its lease runs out.
    await closeBoth();
    openBoth();
    expect(await keys.claim(ref, 'h')).toEqual({ outcome: 'in_progress' });
    now += LEASE_MS;
    const retry = await keys.claim(ref, 'h');
    expect(retry).toMatchObject({
      outcome: 'claimed',
      committed: { position, result: [{ serialNumber: 'SN-1', status: 'available' }] },
    });
    await keys.complete(claimed(retry), OK);
    expect(await keys.claim(ref, 'h')).toEqual({ outcome: 'replay', response: OK });
  });

  it('keeps a large outcome compressed and gives it back whole', async () => {
    const result = Array.from({ length: 5_000 }, (_, i) => ({
      serialNumber: `SN-${i}`,
      status: 'available',
    }));
    const encoded = await encodeOutcome(result);
    expect(encoded.length).toBeLessThan(JSON.stringify(result).length / 5);
    expect(await decodeOutcome(encoded)).toEqual(result);
  });

  it('writes neither the events nor the outcome when the claim was taken over meanwhile', async () => {
    const first = claimed(await keys.claim(ref, 'h'));
    now += LEASE_MS;
    const second = claimed(await keys.claim(ref, 'h'));
    await expect(append(first, 'first')).rejects.toBeInstanceOf(IdempotencyClaimLostError);
    expect(await events.headPosition()).toBe(0n);
    await append(second, 'second');
    now += LEASE_MS;
    expect(await keys.claim(ref, 'h')).toMatchObject({ committed: { result: 'second' } });
  });

  it('leaves the key in flight when the append is refused', async () => {
    const claim = claimed(await keys.claim(ref, 'h'));
    await append(claim, 'created', 'no_stream');
    const other = claimed(await keys.claim({ ...ref, key: 'other' }, 'h'));
    await expect(append(other, 'again', 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await keys.release(other);
    expect((await keys.claim({ ...ref, key: 'other' }, 'h')).outcome).toBe('claimed');
  });

  it('keeps a committed key when released, and lets a retry take it over at once', async () => {
    const claim = claimed(await keys.claim(ref, 'h'));
    await append(claim, 'done');
    await keys.release(claim);
    expect(await keys.claim(ref, 'h')).toMatchObject({ outcome: 'claimed', committed: { result: 'done' } });
  });
});

function anEvent() {
  return { eventId: randomUUID(), type: 'SerialReceived', data: {}, metadata: {} };
}
