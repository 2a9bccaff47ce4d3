import { history, serialSpec } from '../testing/serial-fixtures';

const spec = serialSpec();
const { received, delivered, registered } = history;
const single = (serialNumber: string, events: unknown[]) => new Map([[serialNumber, events]]);

describe('register serials', () => {
  const register = (serialNumbers: string[]) => ({
    type: 'RegisterSerials' as const,
    data: { productId: 'LAPTOP', serialNumbers, internalReference: 'INT-1', lot: 'L7' },
  });

  it('creates serials that are not on hand', () =>
    spec([{}])
      .when(register(['SN-1']))
      .then(
        single('SN-1', [
          {
            type: 'SerialRegistered',
            data: {
              productId: 'LAPTOP',
              serialNumber: 'SN-1',
              internalReference: 'INT-1',
              purchaseReference: null,
              lot: 'L7',
            },
          },
        ]),
      ));

  it('refuses every serial that exists in any state', () =>
    spec([{ 'SN-1': [registered('SN-1')], 'SN-2': [received('SN-2'), delivered('SN-2')] }])
      .when(register(['SN-1', 'SN-2', 'SN-3']))
      .thenThrows('SERIAL_ALREADY_EXISTS', ['SN-1', 'SN-2']));
});

describe('adjust a serial', () => {
  const adjust = (direction: 'found' | 'lost', locationId = 'WH/Stock') => ({
    type: 'AdjustSerial' as const,
    data: { productId: 'LAPTOP', serialNumber: 'SN-1', locationId, direction, reason: 'cycle count' },
  });
  const adjusted = (
    direction: string,
    fromLocationId: string,
    toLocationId: string,
    toLocationType: string,
  ) =>
    single('SN-1', [
      {
        type: 'SerialAdjusted',
        data: {
          productId: 'LAPTOP',
          serialNumber: 'SN-1',
          direction,
          reason: 'cycle count',
          fromLocationId,
          toLocationId,
          toLocationType,
          movementId: null,
          reference: null,
        },
      },
    ]);

  it('found: brings a new or out-of-stock serial in through Virtual/Adjustment', () => {
    spec([{}])
      .when(adjust('found'))
      .then(adjusted('found', 'Virtual/Adjustment', 'WH/Stock', 'internal'));
    spec([{ 'SN-1': [received('SN-1'), delivered('SN-1')] }])
      .when(adjust('found'))
      .then(adjusted('found', 'Virtual/Adjustment', 'WH/Stock', 'internal'));
  });

  it('found: refuses a serial already on hand', () =>
    spec([{ 'SN-1': [received('SN-1', 'WH/Shelf-2')] }])
      .when(adjust('found'))
      .thenThrows('SERIAL_ALREADY_EXISTS', ['SN-1']));

  it('lost: takes an on-hand serial out to Virtual/Adjustment', () =>
    spec([{ 'SN-1': [received('SN-1')] }])
      .when(adjust('lost'))
      .then(adjusted('lost', 'WH/Stock', 'Virtual/Adjustment', 'adjustment')));

  it('lost: refuses a serial not at the location, or unknown', () => {
    spec([{ 'SN-1': [received('SN-1', 'WH/Shelf-2')] }])
      .when(adjust('lost'))
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-1']);
    spec([{}]).when(adjust('lost')).thenThrows('SERIAL_NOT_FOUND', ['SN-1']);
  });
});
