import { history, serialSpec } from '../testing/serial-fixtures';

const spec = serialSpec();
const { received, delivered, reserved, registered } = history;
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

describe('scrap serials', () => {
  const scrap = (fromLocationId = 'WH/Stock') => ({
    type: 'ScrapSerials' as const,
    data: { productId: 'LAPTOP', serialNumbers: ['SN-1'], fromLocationId, reason: 'dropped' },
  });

  it('moves an on-hand serial to Virtual/Scrap, clearing its reservation', () =>
    spec([{ 'SN-1': [received('SN-1'), reserved('SN-1', 'SO-1')] }])
      .when(scrap())
      .then(
        single('SN-1', [
          {
            type: 'SerialScrapped',
            data: {
              productId: 'LAPTOP',
              serialNumber: 'SN-1',
              fromLocationId: 'WH/Stock',
              toLocationId: 'Virtual/Scrap',
              toLocationType: 'scrap',
              reason: 'dropped',
              movementId: null,
              reference: null,
            },
          },
        ]),
      ));

  it('refuses a serial that is not at the source', () =>
    spec([{ 'SN-1': [received('SN-1', 'WH/Shelf-2')] }])
      .when(scrap())
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-1']));
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

describe('reserve and release', () => {
  const reserve = (serialNumbers: string[], reference = 'SO-1', locationId?: string) => ({
    type: 'ReserveSerials' as const,
    data: { productId: 'LAPTOP', serialNumbers, reference, ...(locationId ? { locationId } : {}) },
  });
  const release = (serialNumbers: string[], reference = 'SO-1') => ({
    type: 'ReleaseSerials' as const,
    data: { productId: 'LAPTOP', serialNumbers, reference },
  });
  const reservedEvent = (serialNumber: string, locationId = 'WH/Stock') => ({
    type: 'SerialReserved',
    data: { productId: 'LAPTOP', serialNumber, locationId, reference: 'SO-1' },
  });

  it('reserves on-hand serials wherever they are when no location is given', () =>
    spec([{ 'SN-1': [received('SN-1')], 'SN-2': [received('SN-2', 'WH/Shelf-2')] }])
      .when(reserve(['SN-1', 'SN-2']))
      .then(
        new Map([
          ['SN-1', [reservedEvent('SN-1')]],
          ['SN-2', [reservedEvent('SN-2', 'WH/Shelf-2')]],
        ]),
      ));

  it('re-reserving for the same reference writes nothing', () =>
    spec([{ 'SN-1': [received('SN-1'), reserved('SN-1', 'SO-1')] }])
      .when(reserve(['SN-1']))
      .then(new Map()));

  it('refuses serials reserved for another reference, not on hand, or not at the location given', () => {
    spec([{ 'SN-1': [received('SN-1'), reserved('SN-1', 'SO-9')] }])
      .when(reserve(['SN-1']))
      .thenThrows('SERIAL_RESERVED', ['SN-1']);
    spec([{ 'SN-1': [received('SN-1'), delivered('SN-1')], 'SN-2': [received('SN-2', 'WH/Shelf-2')] }])
      .when(reserve(['SN-1', 'SN-2'], 'SO-1', 'WH/Stock'))
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-1', 'SN-2']);
    spec([{}])
      .when(reserve(['SN-1']))
      .thenThrows('SERIAL_NOT_FOUND', ['SN-1']);
  });

  it('releases only reservations of that reference and leaves the rest as they are', () =>
    spec([
      {
        'SN-1': [received('SN-1'), reserved('SN-1', 'SO-1')],
        'SN-2': [received('SN-2'), reserved('SN-2', 'SO-2')],
      },
    ])
      .when(release(['SN-1', 'SN-2']))
      .then(
        single('SN-1', [
          {
            type: 'SerialReservationReleased',
            data: { productId: 'LAPTOP', serialNumber: 'SN-1', reference: 'SO-1' },
          },
        ]),
      ));

  it('release names serials that never existed', () =>
    spec([{}])
      .when(release(['SN-404']))
      .thenThrows('SERIAL_NOT_FOUND', ['SN-404']));
});

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
});
