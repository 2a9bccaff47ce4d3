import fc from 'fast-check';
import { createHash } from 'node:crypto';
import type { EventMetadata, EventToAppend, RecordedEvent } from './event-store.port';
import { GENESIS_HASH, chainEvents, hashEvent, lastHash, verifyStream } from './hash-chain';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function unchained(count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => ({
    eventId: `event-${index}`,
    type: 'SerialTransferred',
    data: { serialNumber: 'SN-1', toLocationId: `location-${index}` },
    metadata: { userId: 'user-1', commandId: `command-${index}` },
  }));
}

function recorded(events: readonly EventToAppend[], firstRevision = 0): RecordedEvent[] {
  return events.map((event, index) => ({
    ...event,
    streamId: 'serial-SN-1',
    revision: firstRevision + index,
    position: BigInt(100 + firstRevision + index),
    recordedAt: new Date('2024-05-06T07:08:09.000Z'),
  }));
}

const aStream = (count: number) => recorded(chainEvents(GENESIS_HASH, unchained(count)));

describe('hashEvent', () => {
  it('hashes previousHash followed by the RFC 8785 form of type, data and metadata without hash', () => {
    const event = {
      type: 'SerialRegistered',
      data: { serialNumber: 'SN-é', quantity: 1.5, productId: 'p-1', tags: [true, null] },
      metadata: { userId: 'u-1', previousHash: GENESIS_HASH, hash: 'left out' },
    };
    const canonical =
      '{"data":{"productId":"p-1","quantity":1.5,"serialNumber":"SN-é","tags":[true,null]},' +
      `"metadata":{"previousHash":"${GENESIS_HASH}","userId":"u-1"},"type":"SerialRegistered"}`;

    expect(hashEvent(GENESIS_HASH, event)).toBe(sha256(GENESIS_HASH + canonical));
    expect(hashEvent(GENESIS_HASH, event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on the previous hash', () => {
    const event = { type: 'SerialScrapped', data: {}, metadata: {} };

    expect(hashEvent(GENESIS_HASH, event)).not.toBe(hashEvent('f'.repeat(64), event));
  });
});

describe('chainEvents', () => {
  it('starts a new stream from the genesis hash and links each event to the one before', () => {
    const chained = chainEvents(GENESIS_HASH, unchained(3));

    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(chained.map((event) => event.metadata.previousHash)).toEqual([
      GENESIS_HASH,
      chained[0].metadata.hash,
      chained[1].metadata.hash,
    ]);
    expect(chained[2].metadata).toMatchObject({ userId: 'user-1', commandId: 'command-2' });
  });

  it('continues an existing stream from its last hash', () => {
    const stream = aStream(2);
    const stale = { ...unchained(1)[0], metadata: { userId: 'u', previousHash: 'stale', hash: 'stale' } };

    const appended = recorded(chainEvents(lastHash(stream), [stale]), 2);

    expect(verifyStream([...stream, ...appended])).toEqual({
      valid: true,
      events: 3,
      firstInvalidRevision: null,
    });
  });

  it('keeps a "__proto__" metadata key and non-string values hashable and verifiable', () => {
    const odd = [
      JSON.parse('{"__proto__":"x","userId":"u"}') as EventMetadata,
      { userId: 'u', attempt: 2 } as unknown as EventMetadata,
    ];
    for (const metadata of odd) {
      const chained = chainEvents(GENESIS_HASH, [
        { eventId: 'e-1', type: 'T', data: { a: 1 }, metadata: Object.freeze(metadata) },
      ]);
      expect(Object.keys(chained[0].metadata)).toEqual(expect.arrayContaining(Object.keys(metadata)));
      expect(chained[0].metadata.hash).toBe(hashEvent(GENESIS_HASH, chained[0]));
      expect(verifyStream(recorded(chained)).valid).toBe(true);
    }
  });

  it('hashes exactly what hashEvent hashes, for any metadata keys and data (shared frozen metadata too)', () => {
    const key = fc.oneof(
      fc.constantFrom(
        'userId',
        'previousHash',
        'hash',
        'a',
        'zz',
        'p',
        'pz',
        'previousHasi',
        'q',
        '0',
        '10',
        'é',
        '"',
        '\u0000',
      ),
      fc.string(),
    );
    const metadata = fc.dictionary(key, fc.string(), { maxKeys: 8 });
    const data = fc.dictionary(key, fc.jsonValue(), { maxKeys: 6 }) as fc.Arbitrary<Record<string, unknown>>;
    fc.assert(
      fc.property(
        metadata,
        fc.boolean(),
        fc.array(fc.tuple(fc.string(), data), { minLength: 1, maxLength: 4 }),
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
        (shared, frozen, events, start) => {
          const source = frozen ? Object.freeze({ ...shared }) : shared;
          const toChain = events.map(([type, payload], index) => ({
            eventId: `e-${index}`,
            type,
            data: payload,
            metadata: source,
          }));
          // Twice: the second pass uses what the first remembered about the shared metadata.
          for (let pass = 0; pass < 2; pass++) {
            let previous = start;
            for (const event of chainEvents(start, toChain)) {
              expect(event.metadata.previousHash).toBe(previous);
              expect(event.metadata.hash).toBe(hashEvent(previous, event));
              previous = event.metadata.hash;
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('verifyStream', () => {
  it('accepts an intact stream', () => {
    expect(verifyStream(aStream(4))).toEqual({ valid: true, events: 4, firstInvalidRevision: null });
  });

  it('accepts an empty stream', () => {
    expect(verifyStream([])).toEqual({ valid: true, events: 0, firstInvalidRevision: null });
  });

  it('finds altered data at its revision', () => {
    const stream = aStream(4);
    stream[2] = { ...stream[2], data: { ...stream[2].data, toLocationId: 'elsewhere' } };

    expect(verifyStream(stream)).toEqual({ valid: false, events: 4, firstInvalidRevision: 2 });
  });

  it('finds altered metadata at its revision', () => {
    const stream = aStream(3);
    stream[1] = { ...stream[1], metadata: { ...stream[1].metadata, userId: 'someone-else' } };

    expect(verifyStream(stream).firstInvalidRevision).toBe(1);
  });

  it('finds a removed event at the revision that went missing', () => {
    const stream = aStream(4);
    stream.splice(1, 1);

    expect(verifyStream(stream)).toEqual({ valid: false, events: 3, firstInvalidRevision: 1 });
  });

  it('finds reordered events', () => {
    const stream = aStream(4);
    [stream[1], stream[2]] = [stream[2], stream[1]];

    expect(verifyStream(stream).firstInvalidRevision).toBe(1);
  });

  it('finds a previousHash that does not link, even with a recomputed hash', () => {
    const stream = aStream(3);
    const metadata = { ...stream[2].metadata, previousHash: 'a'.repeat(64) };
    stream[2] = {
      ...stream[2],
      metadata: { ...metadata, hash: hashEvent(metadata.previousHash, { ...stream[2], metadata }) },
    };

    expect(verifyStream(stream).firstInvalidRevision).toBe(2);
  });

  it('finds a rewritten event by the broken link of the next one', () => {
    const stream = aStream(3);
    const [rewritten] = chainEvents(stream[0].metadata.hash, [{ ...stream[1], data: { forged: true } }]);
    stream[1] = { ...stream[1], ...rewritten };

    expect(verifyStream(stream).firstInvalidRevision).toBe(2);
  });

  it('rejects a stream whose revisions do not start at 0', () => {
    expect(verifyStream(recorded(chainEvents(GENESIS_HASH, unchained(2)), 1)).firstInvalidRevision).toBe(0);
  });
});
