import { history, serialSpec } from '../testing/serial-fixtures';
import type { SerialCommand } from './serial.commands';
import type { SerialEvent } from './serial.events';

const installed = (serialNumber: string): SerialEvent => ({
  type: 'SerialInstalled',
  data: {
    productId: 'LAPTOP',
    serialNumber,
    fromLocationId: 'WH/Stock',
    toLocationId: null,
    parent: { productId: 'RACK', serialNumber: 'RK-1' },
    movementId: null,
    reference: null,
  },
});
const given = serialSpec()([
  { 'SN-1': [history.received('SN-1'), installed('SN-1')], 'SN-2': [history.received('SN-2')] },
]);
const forSerials = { productId: 'LAPTOP', serialNumbers: ['SN-1'] };

describe('an installed serial travels with its parent only', () => {
  it.each<[string, SerialCommand]>([
    [
      'received',
      {
        type: 'ReceiveSerials',
        data: { ...forSerials, fromLocationId: 'Partners/Vendors', toLocationId: 'WH/Stock' },
      },
    ],
    [
      'delivered',
      {
        type: 'DeliverSerials',
        data: {
          ...forSerials,
          fromLocationId: 'WH/Stock',
          toLocationId: 'Partners/Customers',
          customerId: 'C1',
        },
      },
    ],
    [
      'transferred',
      {
        type: 'TransferSerials',
        data: { ...forSerials, fromLocationId: 'WH/Stock', toLocationId: 'WH/Shelf-2' },
      },
    ],
    [
      'returned',
      { type: 'ReturnSerials', data: { ...forSerials, customerId: 'C1', toLocationId: 'WH/Stock' } },
    ],
    ['reserved', { type: 'ReserveSerials', data: { ...forSerials, reference: 'SO-1' } }],
    ['scrapped', { type: 'ScrapSerials', data: { ...forSerials, fromLocationId: 'WH/Stock', reason: 'x' } }],
    [
      'adjusted found',
      {
        type: 'AdjustSerial',
        data: {
          productId: 'LAPTOP',
          serialNumber: 'SN-1',
          locationId: 'WH/Stock',
          direction: 'found',
          reason: 'x',
        },
      },
    ],
    [
      'adjusted lost',
      {
        type: 'AdjustSerial',
        data: {
          productId: 'LAPTOP',
          serialNumber: 'SN-1',
          locationId: 'WH/Stock',
          direction: 'lost',
          reason: 'x',
        },
      },
    ],
    [
      'corrected as the wrong serial',
      {
        type: 'CorrectSerial',
        data: {
          productId: 'LAPTOP',
          wrongSerialNumber: 'SN-1',
          correctSerialNumber: 'SN-3',
          locationId: 'WH/Stock',
          reason: 'x',
        },
      },
    ],
    [
      'corrected as the correct serial',
      {
        type: 'CorrectSerial',
        data: {
          productId: 'LAPTOP',
          wrongSerialNumber: 'SN-2',
          correctSerialNumber: 'SN-1',
          locationId: 'WH/Stock',
          reason: 'x',
        },
      },
    ],
  ])('cannot be %s by itself', (_story, command) => {
    given.when(command).thenThrows('SERIAL_INSTALLED', ['SN-1']);
  });

  it('still takes a warranty, and a release changes nothing', () => {
    given
      .when({
        type: 'SetSerialWarranty',
        data: {
          productId: 'LAPTOP',
          serialNumber: 'SN-1',
          startsAt: '2026-01-01T00:00:00Z',
          endsAt: '2027-01-01T00:00:00Z',
        },
      })
      .then(new Map([['SN-1', [expect.objectContaining({ type: 'SerialWarrantySet' })]]]));
    given.when({ type: 'ReleaseSerials', data: { ...forSerials, reference: 'SO-1' } }).then(new Map());
  });
});
