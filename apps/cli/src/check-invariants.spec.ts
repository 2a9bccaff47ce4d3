import type { SerialDocument } from '@serial/read-models';
import { fieldRuleDifferences, type ServedSerial } from './check-invariants';

const warranty = { startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2027-01-01T00:00:00.000Z' };
const document = {
  productId: 'P',
  serialNumber: 'S',
  state: 'at_customer',
  locationType: 'customer',
  customerId: 'C1',
  deliveredAt: '2026-01-01T00:00:00.000Z',
  warranty,
  installedIn: null,
} as SerialDocument;
const served = (extra: Partial<ServedSerial> = {}): ServedSerial =>
  ({ ...document, warranty: { ...warranty, active: true }, ...extra }) as ServedSerial;
const readAt = new Date('2026-06-01T00:00:00.000Z');

describe('the field rules the checker holds every view to', () => {
  it('finds nothing wrong with a view that keeps them', () => {
    expect(fieldRuleDifferences('S', served(), document, readAt)).toEqual([]);
  });

  it('names a customer or delivery time where the serial is at none, and an active warranty on scrap', () => {
    const scrapped = served({ state: 'scrapped', locationType: 'scrap' });
    expect(fieldRuleDifferences('S', scrapped, document, readAt)).toEqual([
      'S: customerId is C1 while scrapped',
      'S: deliveredAt is 2026-01-01T00:00:00.000Z while scrapped',
      'S: warranty is active while scrapped',
    ]);
    expect(fieldRuleDifferences('S', served({ state: 'in_stock' }), document, readAt)).toContain(
      'S: state is in_stock at a customer location',
    );
  });

  it('compares warranty.active with the replay, except within a minute of its start or end', () => {
    const inactive = served({ warranty: { ...warranty, active: false } });
    expect(fieldRuleDifferences('S', inactive, document, readAt)).toEqual([
      'S: warranty.active is false in the read models, true from the events',
    ]);
    expect(fieldRuleDifferences('S', inactive, document, new Date('2026-12-31T23:59:30.000Z'))).toEqual([]);
  });
});
