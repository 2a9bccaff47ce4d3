import { eventSchemaVersion, storedSchemaVersion } from '../shared/schema-versions';
import { upcastSerialEvent } from './serial.upcast';

const move = { productId: 'LAPTOP', movementId: null, reference: null, reason: 'typo', customerId: null };
const outV1 = {
  type: 'SerialCorrectedOut',
  data: {
    ...move,
    serialNumber: 'A',
    fromLocationId: 'WH/Stock',
    toLocationId: 'Virtual/Adjustment',
    toLocationType: 'adjustment',
    correctSerialNumber: 'B',
  },
};
const inV1 = {
  type: 'SerialCorrectedIn',
  data: {
    ...move,
    serialNumber: 'B',
    fromLocationId: 'WH/Shelf-2',
    toLocationId: 'WH/Stock',
    toLocationType: 'internal',
    wrongSerialNumber: 'A',
  },
};

describe('event schema versions', () => {
  it('writes the correction events in version 2 and every other event in version 1', () => {
    expect([eventSchemaVersion('SerialCorrectedOut'), eventSchemaVersion('SerialCorrectedIn')]).toEqual([
      2, 2,
    ]);
    expect(eventSchemaVersion('SerialReceived')).toBe(1);
  });

  it("reads a stored event's version from its metadata, 1 when it names none", () => {
    expect(storedSchemaVersion({ ...outV1, metadata: { schemaVersion: '2' } })).toBe(2);
    expect(storedSchemaVersion({ ...outV1, metadata: {} })).toBe(1);
    expect(storedSchemaVersion({ ...outV1, metadata: { schemaVersion: 'x' } })).toBe(1);
    expect(storedSchemaVersion(outV1)).toBe(2);
  });

  it('upcasts a version 1 correction: the kind from where the serials went, the counterpart unknown', () => {
    const stored = { metadata: { schemaVersion: '1' } };
    expect(upcastSerialEvent({ ...outV1, ...stored }).data).toMatchObject({
      kind: 'replace',
      counterpart: null,
    });
    expect(upcastSerialEvent({ ...inV1, ...stored }).data).toMatchObject({ kind: 'swap', counterpart: null });
    const fromAdjustment = {
      ...inV1,
      data: { ...inV1.data, fromLocationId: 'Virtual/Adjustment' },
      ...stored,
    };
    expect(upcastSerialEvent(fromAdjustment).data).toMatchObject({ kind: 'replace' });
    const intoShelf = { ...outV1, data: { ...outV1.data, toLocationType: 'internal' }, ...stored };
    expect(upcastSerialEvent(intoShelf).data).toMatchObject({ kind: 'swap' });
  });

  it('leaves every other event, and a version 2 correction, as it is', () => {
    const v2 = {
      ...outV1,
      data: { ...outV1.data, kind: 'replace', counterpart: null },
      metadata: { schemaVersion: '2' },
    };
    expect(upcastSerialEvent(v2)).toBe(v2);
    const received = {
      type: 'SerialReceived',
      data: { productId: 'LAPTOP', serialNumber: 'A' },
      metadata: {},
    };
    expect(upcastSerialEvent(received)).toBe(received);
  });
});
