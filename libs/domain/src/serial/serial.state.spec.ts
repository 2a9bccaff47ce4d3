import { history } from '../testing/serial-fixtures';
import type { SerialEvent } from './serial.events';
import { isWarrantyActive, lifecycleState } from './serial.lifecycle';
import { foldSerial, serialLocation, serialStatus, type SerialLocation } from './serial.state';

const AT = '2026-03-01T08:00:00.000Z';
const LATER = '2027-03-01T08:00:00.000Z';

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

  it('is out at no customer after a return, keeping its vendor and warranty', () => {
    const warranty: SerialEvent = {
      type: 'SerialWarrantySet',
      data: { productId: 'LAPTOP', serialNumber: 'SN-1', startsAt: AT, endsAt: LATER, reference: null },
    };
    const out = foldSerial([received('SN-1'), delivered('SN-1', 'C4'), warranty], undefined, AT);
    expect(out).toMatchObject({ customerId: 'C4', deliveredAt: AT });
    const state = foldSerial([returned('SN-1', 'C4')], out, LATER);
    expect(state).toMatchObject({
      customerId: null,
      deliveredAt: null,
      locationId: 'WH/Stock',
      vendorId: 'V1',
      receivedAt: AT,
      warranty: { startsAt: AT, endsAt: LATER },
    });
  });

  it('keeps the time of the receipt that last brought it into stock, and the last document reference', () => {
    const first = foldSerial([received('SN-1')], undefined, AT);
    const again = foldSerial([delivered('SN-1'), returned('SN-1'), scrapped('SN-1')], first, LATER);
    expect(again).toMatchObject({ receivedAt: AT, customerId: null, deliveredAt: null });
    expect(foldSerial([received('SN-1')], again, LATER)).toMatchObject({ receivedAt: LATER });
  });

  it.each([
    ['registered', 'registered', [registered('SN-1')]],
    ['in_stock', 'received', [received('SN-1')]],
    ['in_transit', 'received into transit', [received('SN-1', 'Transit/Truck')]],
    ['at_customer', 'delivered', [received('SN-1'), delivered('SN-1')]],
    ['in_stock', 'returned', [received('SN-1'), delivered('SN-1'), returned('SN-1')]],
    ['scrapped', 'scrapped', [received('SN-1'), scrapped('SN-1')]],
  ] as const)('is %s in its lifecycle once %s', (state, _story, events) => {
    const serial = foldSerial(events);
    expect(serial.status === 'known' && lifecycleState(serial)).toBe(state);
  });

  it('has an active warranty within its dates, never once scrapped or written off', () => {
    const warranty = { startsAt: AT, endsAt: LATER };
    const during = new Date(Date.parse(AT) + 1000);
    expect(isWarrantyActive({ locationType: 'customer', installedIn: null, warranty }, during)).toBe(true);
    expect(isWarrantyActive({ locationType: 'internal', installedIn: null, warranty }, new Date(LATER))).toBe(
      false,
    );
    expect(isWarrantyActive({ locationType: 'scrap', installedIn: null, warranty }, during)).toBe(false);
    expect(isWarrantyActive({ locationType: 'adjustment', installedIn: null, warranty }, during)).toBe(false);
    expect(isWarrantyActive({ locationType: 'customer', installedIn: null, warranty: null }, during)).toBe(
      false,
    );
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
