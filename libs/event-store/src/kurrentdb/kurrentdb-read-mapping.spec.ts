import type { RecordedEvent } from '../event-store.port';
import {
  follows,
  isPastReadLimit,
  toFlatMetadata,
  toRecordedEvent,
  type KurrentRecordedEvent,
} from './kurrentdb-mapping';

const created = new Date('2025-03-04T05:06:07.089Z');

function aKurrentEvent(overrides: Partial<KurrentRecordedEvent> = {}): KurrentRecordedEvent {
  return {
    streamId: 'serial-p-1:SN-1',
    id: '0b5a3f52-47a8-4d0e-9a43-0e3f0f0d9a01',
    revision: 2n,
    type: 'SerialReceived',
    created,
    isJson: true,
    data: { serialNumber: 'SN-1', quantity: 1.5 },
    metadata: { userId: 'user-1', '$schema.format': 'Json', '$schema.name': 'SerialReceived' },
    position: { commit: 2_048n, prepare: 2_048n },
    ...overrides,
  };
}

const utf8 = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('toRecordedEvent', () => {
  it('maps the commit position, the revision as a number, created as recordedAt and JSON data', () => {
    expect(toRecordedEvent(aKurrentEvent())).toEqual({
      eventId: '0b5a3f52-47a8-4d0e-9a43-0e3f0f0d9a01',
      streamId: 'serial-p-1:SN-1',
      revision: 2,
      position: 2_048n,
      type: 'SerialReceived',
      data: { serialNumber: 'SN-1', quantity: 1.5 },
      metadata: { userId: 'user-1' },
      recordedAt: created,
    });
  });

  it('takes the commit position even where the prepare position differs', () => {
    const event = aKurrentEvent({ position: { commit: 9_000n, prepare: 8_500n } });

    expect(toRecordedEvent(event).position).toBe(9_000n);
  });

  it('parses JSON data the server handed over as bytes', () => {
    const event = aKurrentEvent({ isJson: false, data: utf8({ serialNumber: 'SN-2' }) });

    expect(toRecordedEvent(event).data).toEqual({ serialNumber: 'SN-2' });
  });

  it.each([
    ['binary data', new Uint8Array([0xff, 0x00, 0x12])],
    ['a JSON array', [1, 2]],
    ['a JSON string', 'text'],
    ['JSON null', null],
  ])('reads %s of another writer as an empty object', (_, data) => {
    expect(toRecordedEvent(aKurrentEvent({ data })).data).toEqual({});
  });

  it('refuses an event without a position, which no supported server sends', () => {
    expect(() => toRecordedEvent(aKurrentEvent({ position: undefined }))).toThrow(Error);
  });
});

describe('toFlatMetadata', () => {
  it('keeps string values and drops the server-reserved $ keys', () => {
    const metadata = {
      userId: 'ü-1',
      previousHash: '0'.repeat(64),
      '$schema.format': 'Json',
      $correlationId: 'c-1',
    };

    expect(toFlatMetadata(metadata)).toEqual({ userId: 'ü-1', previousHash: '0'.repeat(64) });
  });

  it('keeps non-string values of other writers as their JSON text', () => {
    expect(toFlatMetadata({ count: 3, nested: { a: [true] }, none: null })).toEqual({
      count: '3',
      nested: '{"a":[true]}',
      none: 'null',
    });
  });

  it('parses metadata handed over as JSON bytes', () => {
    expect(toFlatMetadata(utf8({ userId: 'user-2' }))).toEqual({ userId: 'user-2' });
  });

  it.each([
    ['no metadata', undefined],
    ['binary metadata', new Uint8Array([0xff])],
    ['a JSON array', ['a']],
    ['a string', 'text'],
  ])('reads %s as empty', (_, metadata) => {
    expect(toFlatMetadata(metadata)).toEqual({});
  });
});

describe('isPastReadLimit', () => {
  const event = { position: 100n, recordedAt: created } as RecordedEvent;

  it('cuts at a position, inclusive', () => {
    expect(isPastReadLimit(event, { maxPosition: 100n })).toBe(false);
    expect(isPastReadLimit(event, { maxPosition: 99n })).toBe(true);
  });

  it('cuts at a time, inclusive', () => {
    expect(isPastReadLimit(event, { maxRecordedAt: created })).toBe(false);
    expect(isPastReadLimit(event, { maxRecordedAt: new Date(created.getTime() - 1) })).toBe(true);
  });

  it('does not cut without limits', () => {
    expect(isPastReadLimit(event, {})).toBe(false);
  });
});

describe('follows', () => {
  const at = (position: bigint) => ({ eventId: 'e', position }) as RecordedEvent;

  it('accepts a later position and skips the event at the previous one', () => {
    expect(follows(at(11n), 10n)).toBe(true);
    expect(follows(at(10n), 10n)).toBe(false);
  });

  it('refuses an earlier position, which would break global order', () => {
    expect(() => follows(at(9n), 10n)).toThrow(Error);
  });
});
