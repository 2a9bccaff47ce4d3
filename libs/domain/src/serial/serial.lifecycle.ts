import type { LocationType } from '../shared/master-data';
import type { KnownSerial } from './serial.state';

/** API.md `state`: where a serial is in its life. */
export const SERIAL_LIFECYCLE_STATES = [
  'registered',
  'in_stock',
  'in_transit',
  'at_customer',
  'scrapped',
  'written_off',
  'installed',
] as const;
export type SerialLifecycleState = (typeof SERIAL_LIFECYCLE_STATES)[number];

const BY_LOCATION_TYPE: Record<LocationType, SerialLifecycleState> = {
  internal: 'in_stock',
  transit: 'in_transit',
  customer: 'at_customer',
  scrap: 'scrapped',
  // Lost through an adjustment, or corrected out of a receipt.
  adjustment: 'written_off',
  // No command sends a serial to a vendor; one that went back would no longer be ours.
  vendor: 'written_off',
};

/**
 * Derived from where the serial is, like status (DESIGN.md): never stored apart from the location. An
 * installed serial has no location of its own: it is wherever its parent is.
 */
export function lifecycleState(
  serial: Pick<KnownSerial, 'locationType' | 'installedIn'>,
): SerialLifecycleState {
  if (serial.installedIn !== null) return 'installed';
  return serial.locationType === null ? 'registered' : BY_LOCATION_TYPE[serial.locationType];
}

/** A warranty is active within its dates, unless the unit is scrapped or written off. */
export function isWarrantyActive(
  serial: Pick<KnownSerial, 'locationType' | 'installedIn' | 'warranty'>,
  now: Date,
): boolean {
  const { warranty } = serial;
  if (!warranty) return false;
  const state = lifecycleState(serial);
  if (state === 'scrapped' || state === 'written_off') return false;
  const time = now.getTime();
  return Date.parse(warranty.startsAt) <= time && time < Date.parse(warranty.endsAt);
}
