import type { ProductEvent } from '@serial/domain';
import { evolveProductDocument } from '../projections/product-view';
import { toHistoryEntry } from '../projections/serial-history';
import { evolveSerialDocumentAtRoots, type SerialDocument } from '../projections/serial-view';
import { EventLog } from '../testing/event-log';
import { serialEvents } from '../testing/serial-events';
import {
  fromHistoryRecord,
  fromProductRecord,
  fromSerialRecord,
  positionText,
  serialKey,
  storedPosition,
  toHistoryRecord,
  toProductRecord,
  toSerialRecord,
} from './records';

const { received, warrantySet } = serialEvents;

describe('MongoDB records', () => {
  it('stores positions as int64-sized bigints and refuses what BSON would wrap around', () => {
    expect(storedPosition('9223372036854775807')).toBe(2n ** 63n - 1n);
    expect(() => storedPosition(2n ** 63n)).toThrow(RangeError);
    expect(() => storedPosition(-1n)).toThrow(RangeError);
  });

  it('reads a position back from bigint, number or a BSON Long', () => {
    expect(positionText(2n ** 60n)).toBe('1152921504606846976');
    expect(positionText(42)).toBe('42');
    expect(positionText({ toBigInt: () => 7n })).toBe('7');
    expect(() => positionText('7')).toThrow(TypeError);
  });

  it('keys a serial by its product and serial number, encoded so that neither can forge the other', () => {
    expect(serialKey('LAPTOP', 'SN/01')).toBe('LAPTOP:SN%2F01');
    expect(serialKey('A:B', 'C')).not.toBe(serialKey('A', 'B:C'));
  });

  it('stores a serial with its warranty window as dates, and reads back the very document', () => {
    const log = new EventLog();
    const document = [
      received('SN-1'),
      warrantySet('SN-1', '2026-01-01T00:00:00Z', '2027-03-01T00:00:00+01:00'),
    ]
      .map((event) => log.serial(event))
      .reduce<SerialDocument | null>(evolveSerialDocumentAtRoots, null) as SerialDocument;

    const record = toSerialRecord(document);

    expect(record).toMatchObject({
      _id: 'LAPTOP:SN-1',
      position: 2n,
      warrantyStart: new Date('2026-01-01T00:00:00Z'),
      warrantyEnd: new Date('2027-02-28T23:00:00Z'),
    });
    expect(fromSerialRecord(record)).toEqual(document);
    expect(toSerialRecord({ ...document, warranty: null })).toMatchObject({
      warrantyStart: null,
      warrantyEnd: null,
    });
  });

  it('stores a product with its GTIN padded to 14 digits for lookups', () => {
    const log = new EventLog();
    const registered: ProductEvent = {
      type: 'ProductRegistered',
      data: {
        productId: 'P1',
        sku: 'S',
        name: 'N',
        productType: 'storable',
        tracking: 'serial',
        gtin: '12345670',
        warrantyMonths: null,
        serialFormat: null,
      },
    };
    const document = evolveProductDocument(null, log.product(registered));
    if (!document) throw new Error('registered');

    const record = toProductRecord(document);

    expect(record).toMatchObject({ _id: 'P1', gtin14: '00000012345670', position: 1n });
    expect(fromProductRecord(record)).toEqual(document);
    expect(toProductRecord({ ...document, gtin: null }).gtin14).toBeNull();
  });

  it('stores a history entry with its stream and serial, and reads back the entry alone', () => {
    const event = new EventLog().serial(received('SN-1', { reference: 'BILL-1' }));
    const entry = toHistoryEntry(event);

    const record = toHistoryRecord(entry, event);

    expect(record).toMatchObject({
      streamId: 'serial-LAPTOP:SN-1',
      revision: 0,
      productId: 'LAPTOP',
      serialNumber: 'SN-1',
      reference: 'BILL-1',
      position: 1n,
    });
    expect(fromHistoryRecord({ ...record, _id: 'server-assigned' })).toEqual(entry);
  });
});
