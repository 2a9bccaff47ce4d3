import { history } from '../testing/serial-fixtures';
import { foldSerial, serialLocation, serialStatus, type SerialLocation } from './serial.state';

const { received, delivered, reserved, registered, scrapped, returned } = history;

describe('serial status is derived from the stream', () => {
  it.each([
    ['never seen', [], 'out_of_stock'],
    ['registered only', [registered('SN-1')], 'out_of_stock'],
    ['received', [received('SN-1')], 'available'],
    ['reserved', [received('SN-1'), reserved('SN-1', 'SO-1')], 'reserved'],
    ['in transit', [received('SN-1', 'Transit/Truck')], 'out_of_stock'],
    [
      'reserved in transit',
      [received('SN-1', 'Transit/Truck'), reserved('SN-1', 'SO-1', 'Transit/Truck')],
      'reserved',
    ],
    ['delivered', [received('SN-1'), delivered('SN-1')], 'out_of_stock'],
    ['returned', [received('SN-1'), delivered('SN-1'), returned('SN-1')], 'available'],
    ['scrapped', [received('SN-1'), scrapped('SN-1')], 'out_of_stock'],
  ] as const)('%s → %s', (_name, events, status) => {
    expect(serialStatus(foldSerial(events))).toBe(status);
  });

  it('keeps the last customer after a return, for traceability', () => {
    const state = foldSerial([received('SN-1'), delivered('SN-1', 'C4'), returned('SN-1', 'C4')]);
    expect(state).toMatchObject({ customerId: 'C4', locationId: 'WH/Stock', vendorId: 'V1' });
  });

  it('knows a location only together with its type', () => {
    expect(serialLocation('WH/Stock', 'internal')).toEqual({
      locationId: 'WH/Stock',
      locationType: 'internal',
    });
    expect(serialLocation('WH/Stock', null)).toEqual({ locationId: null, locationType: null });
    expect(serialLocation(null, 'internal')).toEqual({ locationId: null, locationType: null });
    // @ts-expect-error the type checker refuses a location without its type
    const impossible: SerialLocation = { locationId: 'WH/Stock', locationType: null };
    expect(impossible.locationId).toBe('WH/Stock');
  });
});
