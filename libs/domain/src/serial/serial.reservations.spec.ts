import { history, serialSpec } from '../testing/serial-fixtures';

const spec = serialSpec();
const { received, delivered, reserved } = history;
const single = (serialNumber: string, events: unknown[]) => new Map([[serialNumber, events]]);

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
