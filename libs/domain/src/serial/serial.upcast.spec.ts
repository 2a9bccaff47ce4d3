import { eventSchemaVersion, storedSchemaVersion } from '../shared/schema-versions';
import { foldSerialStream } from './serial.state';
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
  it('writes the correction events and SerialDelivered in version 2 and every other serial event in version 1', () => {
    expect([eventSchemaVersion('SerialCorrectedOut'), eventSchemaVersion('SerialCorrectedIn')]).toEqual([
      2, 2,
    ]);
    expect(eventSchemaVersion('SerialDelivered')).toBe(2);
    expect(eventSchemaVersion('SerialWarrantySet')).toBe(1);
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

  describe('SerialDelivered', () => {
    const at = (iso: string) => ({ recordedAt: new Date(iso) });
    const ref = { productId: 'LAPTOP', serialNumber: 'A' };
    const received = {
      type: 'SerialReceived',
      data: {
        ...ref,
        fromLocationId: 'Partners/Vendors',
        toLocationId: 'WH/Stock',
        toLocationType: 'internal',
        movementId: null,
        reference: 'PO-1',
        vendorId: 'V1',
      },
      metadata: { schemaVersion: '1' },
      ...at('2026-01-01T08:00:00.000Z'),
    };
    const deliveredData = {
      ...ref,
      fromLocationId: 'WH/Stock',
      toLocationId: 'Partners/Customers',
      toLocationType: 'customer',
      movementId: null,
      reference: 'INV-1',
      customerId: 'C1',
    };
    const warranty = { startsAt: '2026-02-01T09:00:00.000Z', endsAt: '2028-02-01T09:00:00.000Z' };
    const deliveredAt = at('2026-02-01T09:00:00.000Z');

    it('given a version 1 delivery and the SerialWarrantySet written after it, when folded, then the state equals that of one version 2 delivery carrying the warranty', () => {
      const v1Pair = foldSerialStream([
        received,
        { type: 'SerialDelivered', data: deliveredData, metadata: { schemaVersion: '1' }, ...deliveredAt },
        {
          type: 'SerialWarrantySet',
          data: { ...ref, ...warranty, reference: 'INV-1' },
          metadata: { schemaVersion: '1' },
          ...deliveredAt,
        },
      ]);
      const v2 = foldSerialStream([
        received,
        {
          type: 'SerialDelivered',
          data: { ...deliveredData, warranty },
          metadata: { schemaVersion: '2' },
          ...deliveredAt,
        },
      ]);
      expect(v2).toEqual(v1Pair);
      expect(v2).toMatchObject({
        warranty,
        customerId: 'C1',
        deliveredAt: deliveredAt.recordedAt.toISOString(),
      });
    });

    it('upcasts a version 1 delivery with no warranty of its own', () => {
      const v1 = { type: 'SerialDelivered', data: deliveredData, metadata: { schemaVersion: '1' } };
      expect(upcastSerialEvent(v1).data).toEqual({ ...deliveredData, warranty: null });
    });

    it('given a serial with a warranty, when a version 2 delivery without one is folded, then the serial keeps its warranty, as a version 1 delivery without a SerialWarrantySet did', () => {
      const withWarranty = {
        type: 'SerialWarrantySet',
        data: { ...ref, ...warranty, reference: null },
        metadata: { schemaVersion: '1' },
      };
      const delivered = (version: string, data: Record<string, unknown>) => ({
        type: 'SerialDelivered',
        data,
        metadata: { schemaVersion: version },
        ...deliveredAt,
      });
      const v2 = foldSerialStream([
        received,
        withWarranty,
        delivered('2', { ...deliveredData, warranty: null }),
      ]);
      const v1 = foldSerialStream([received, withWarranty, delivered('1', deliveredData)]);
      expect(v2).toEqual(v1);
      expect(v2).toMatchObject({ warranty });
    });
  });
});
