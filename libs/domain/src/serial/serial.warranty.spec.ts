import { history, NOW, product, serialSpec } from '../testing/serial-fixtures';

const spec = serialSpec();
const { received, registered } = history;
const single = (serialNumber: string, events: unknown[]) => new Map([[serialNumber, events]]);

describe('warranty', () => {
  const warranty = { startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2027-01-01T00:00:00.000Z' };

  it('sets or overrides the warranty of an existing serial', () =>
    spec([{ 'SN-1': [registered('SN-1')] }])
      .when({ type: 'SetSerialWarranty', data: { productId: 'LAPTOP', serialNumber: 'SN-1', ...warranty } })
      .then(
        single('SN-1', [
          {
            type: 'SerialWarrantySet',
            data: { productId: 'LAPTOP', serialNumber: 'SN-1', ...warranty, reference: null },
          },
        ]),
      ));

  it('names an unknown serial', () =>
    spec([{}])
      .when({ type: 'SetSerialWarranty', data: { productId: 'LAPTOP', serialNumber: 'SN-1', ...warranty } })
      .thenThrows('SERIAL_NOT_FOUND', ['SN-1']));

  describe('a delivery', () => {
    const deliver = (serialNumbers: string[]) => ({
      type: 'DeliverSerials' as const,
      data: {
        productId: 'LAPTOP',
        serialNumbers,
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        customerId: 'C1',
        reference: 'INV-1',
      },
    });
    const deliveredEvent = (serialNumber: string, warranty: unknown) => ({
      type: 'SerialDelivered',
      data: {
        productId: 'LAPTOP',
        serialNumber,
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        toLocationType: 'customer',
        customerId: 'C1',
        reference: 'INV-1',
        movementId: null,
        warranty,
      },
    });

    it("given a product with warrantyMonths, when a serial is delivered, then its one SerialDelivered carries the warranty it starts, from the delivery's time", () =>
      serialSpec(product({ warrantyMonths: 24 }))([{ 'SN-1': [received('SN-1')] }])
        .when(deliver(['SN-1']))
        .then(
          single('SN-1', [deliveredEvent('SN-1', { startsAt: NOW, endsAt: '2028-03-15T10:00:00.000Z' })]),
        ));

    it('given a product without warrantyMonths, when a serial is delivered, then the delivery starts no warranty', () =>
      serialSpec(product({ warrantyMonths: null }))([{ 'SN-1': [received('SN-1')] }])
        .when(deliver(['SN-1']))
        .then(single('SN-1', [deliveredEvent('SN-1', null)])));
  });
});
