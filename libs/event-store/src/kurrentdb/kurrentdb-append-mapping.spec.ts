import { ANY, NO_STREAM, START } from '@kurrent/kurrentdb-client';
import type { StreamAppend } from '../event-store.port';
import {
  conflictsAfterRejection,
  revisionsAfterAppend,
  toActualRevision,
  toAppendRequest,
  toExpectedState,
  toReadPosition,
} from './kurrentdb-mapping';

const event = {
  eventId: '9f0c4c8e-3f5d-4f3a-9d1e-0a6b2f1c7d11',
  type: 'SerialReceived',
  data: { productId: 'p-1', serialNumber: 'SN-1', nested: { list: [1, 'two'] } },
  metadata: { userId: 'user-1', previousHash: '0'.repeat(64) },
};

describe('toExpectedState', () => {
  it('maps no_stream, any and a revision to the client stream states', () => {
    expect(toExpectedState('no_stream')).toBe(NO_STREAM);
    expect(toExpectedState('any')).toBe(ANY);
    expect(toExpectedState(0)).toBe(0n);
    expect(toExpectedState(41)).toBe(41n);
  });
});

describe('toAppendRequest', () => {
  it('names the stream, its expected state and each event as JSON with its id and flat metadata', () => {
    const request = toAppendRequest({ streamId: 'serial-p-1:SN-1', expectedRevision: 3, events: [event] });

    expect(request).toEqual({
      streamName: 'serial-p-1:SN-1',
      expectedState: 3n,
      events: [
        {
          id: event.eventId,
          contentType: 'application/json',
          type: 'SerialReceived',
          data: event.data,
          metadata: event.metadata,
        },
      ],
    });
  });
});

describe('toReadPosition', () => {
  it('reads from the start without a position and from the commit position otherwise', () => {
    expect(toReadPosition(undefined)).toBe(START);
    expect(toReadPosition(0n)).toBe(START);
    expect(toReadPosition(12_345n)).toEqual({ commit: 12_345n, prepare: 12_345n });
  });
});

describe('toActualRevision', () => {
  it('maps a missing stream to -1 and a revision to a number', () => {
    expect(toActualRevision(NO_STREAM)).toBe(-1);
    expect(toActualRevision(7n)).toBe(7);
  });
});

describe('revisionsAfterAppend', () => {
  const appends: StreamAppend[] = [
    { streamId: 'written', expectedRevision: 'no_stream', events: [event, event] },
    { streamId: 'checked', expectedRevision: 4, events: [] },
    { streamId: 'also-written', expectedRevision: 'any', events: [event] },
  ];

  it('takes written streams from the server and checked ones as read, in append order', () => {
    const revisions = revisionsAfterAppend(
      appends,
      [
        { streamName: 'also-written', revision: 9n },
        { streamName: 'written', revision: 1n },
      ],
      new Map([['checked', 4]]),
    );

    expect([...revisions]).toEqual([
      ['written', 1],
      ['checked', 4],
      ['also-written', 9],
    ]);
  });

  it('refuses a result that leaves out a written stream', () => {
    expect(() =>
      revisionsAfterAppend(appends, [{ streamName: 'written', revision: 1n }], new Map([['checked', 4]])),
    ).toThrow(Error);
  });
});

describe('conflictsAfterRejection', () => {
  const appends: StreamAppend[] = [
    { streamId: 'existing', expectedRevision: 'no_stream', events: [event] },
    { streamId: 'stale', expectedRevision: 1, events: [event] },
    { streamId: 'missing', expectedRevision: 0, events: [event] },
    { streamId: 'fine', expectedRevision: 'any', events: [event] },
  ];

  it('names every stream whose expectation does not hold, with -1 for a missing stream', () => {
    const actual = new Map([
      ['existing', 0],
      ['stale', 2],
      ['fine', 5],
    ]);

    expect(conflictsAfterRejection(appends, actual, [])).toEqual([
      { streamId: 'existing', expected: 'no_stream', actual: 0 },
      { streamId: 'stale', expected: 1, actual: 2 },
      { streamId: 'missing', expected: 0, actual: -1 },
    ]);
  });

  it('keeps a conflict the server reported even when the stream no longer shows it', () => {
    const actual = new Map([
      ['existing', -1],
      ['stale', 1],
      ['missing', 0],
    ]);
    const reported = [{ streamId: 'stale', expected: 1, actual: 0 }];

    expect(conflictsAfterRejection(appends, actual, reported)).toEqual(reported);
  });

  it('names a stream once when both the server and the reread show its conflict', () => {
    const actual = new Map([['stale', 3]]);
    const reported = [{ streamId: 'stale', expected: 1, actual: 2 }];

    expect(conflictsAfterRejection(appends.slice(1, 2), actual, reported)).toEqual([
      { streamId: 'stale', expected: 1, actual: 3 },
    ]);
  });
});
