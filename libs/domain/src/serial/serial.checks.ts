import { DomainError, type SerialViolation } from '../shared/domain-error';
import { serialFormatPattern } from '../product/serial-format';
import type { SerialRef } from './serial.events';
import type { RegisteredProduct, SerialDecisionContext } from './serial.context';
import { initialSerialState, isOnHand, type KnownSerial, type OnHandSerial } from './serial.state';

/**
 * A serial as this command's product sees it: with global uniqueness the stream may belong to another
 * product, which is `foreign` (it exists, but not as this product's serial).
 */
export type SerialLookup =
  { kind: 'none' } | { kind: 'foreign'; serial: KnownSerial } | { kind: 'own'; serial: KnownSerial };

export function lookupSerial(
  context: SerialDecisionContext,
  productId: string,
  serialNumber: string,
): SerialLookup {
  const serial = context.serials.get(serialNumber) ?? initialSerialState;
  if (serial.status === 'unknown') return { kind: 'none' };
  return serial.productId === productId ? { kind: 'own', serial } : { kind: 'foreign', serial };
}

export const isViolation = <T extends object>(outcome: T | SerialViolation): outcome is SerialViolation =>
  'code' in outcome;

/**
 * The rule of every arrival of a serial that may be new (receive, adjust found, correct): it must not
 * be another product's, nor on hand already. `here` narrows "on hand" to one location, for a
 * correction that swaps with the serial wherever else it is.
 */
export function existsAlready(
  found: SerialLookup,
  serialNumber: string,
  here?: string,
): SerialViolation | null {
  if (found.kind === 'foreign') {
    return violation.alreadyExists(serialNumber, `for product ${found.serial.productId}`);
  }
  if (found.kind === 'none') return null;
  const installed = installedInAnother(found.serial);
  if (installed) return installed;
  if (!isOnHand(found.serial)) return null;
  const { locationId } = found.serial;
  return here === undefined || locationId === here
    ? violation.alreadyExists(serialNumber, `on hand at ${locationId}`)
    : null;
}

/**
 * A serial's location is within `locationId` when it is that location or lies below it (API.md
 * "Location trees"): the path of where the serial is names it. The command path loads the location
 * of every serial it names, so the path is at hand; a location it does not know is a tree of one.
 */
export function isWithin(
  context: Pick<SerialDecisionContext, 'locations'>,
  serialLocationId: string | null,
  locationId: string,
): boolean {
  if (serialLocationId === null) return false;
  if (serialLocationId === locationId) return true;
  const location = context.locations.get(serialLocationId);
  return location?.status === 'registered' && location.path.includes(locationId);
}

/**
 * The rule of every command that takes a serial from where it is on hand (deliver, transfer, scrap,
 * adjust lost, reserve, correct, and the movements that do the same): it is this product's and on hand
 * within `locationId`, or anywhere when none is given. A move then starts from the serial's own
 * location, the bin it is really on, not from the zone the command named.
 */
export function onHandAt(
  context: SerialDecisionContext,
  productId: string,
  serialNumber: string,
  locationId: string | undefined,
): OnHandSerial | SerialViolation {
  const found = lookupSerial(context, productId, serialNumber);
  if (found.kind !== 'own') return violation.notFound(serialNumber, productId);
  const { serial } = found;
  const installed = installedInAnother(serial);
  if (installed) return installed;
  if (!isOnHand(serial) || (locationId !== undefined && !isWithin(context, serial.locationId, locationId))) {
    return violation.notAt(serialNumber, locationId ?? 'any internal location');
  }
  return serial;
}

/**
 * The rule every command that would move a serial by itself shares (API.md: receive, deliver, transfer,
 * return, reserve, scrap, adjust, correct, install): an installed serial travels with its parent only.
 */
export function installedInAnother(serial: KnownSerial): SerialViolation | null {
  return serial.installedIn === null ? null : violation.installed(serial.serialNumber, serial.installedIn);
}

/**
 * The rule of every command that would create a serial (register, receive, adjust found, a
 * correction's correct serial): a new serial must match the product's format. Serials that exist
 * already stay usable whatever the format says. Every mismatch is named at once.
 */
export function assertSerialFormat(
  context: SerialDecisionContext,
  product: RegisteredProduct,
  serialNumbers: readonly string[],
): void {
  if (product.serialFormat === null) return;
  const pattern = serialFormatPattern(product.serialFormat);
  const mismatches = serialNumbers.filter(
    (serialNumber) =>
      lookupSerial(context, product.productId, serialNumber).kind === 'none' && !pattern.test(serialNumber),
  );
  if (mismatches.length === 0) return;
  throw DomainError.fromViolations(
    mismatches.map((serialNumber) => ({
      serialNumber,
      code: 'VALIDATION_FAILED',
      detail: `Serial number ${serialNumber} does not match the serial format ${product.serialFormat} of product ${product.productId}`,
    })),
  );
}

/** A reservation binds the serial to its reference: only a document with that reference may take it. */
export function reservedForAnother(serial: KnownSerial, reference: string | null): SerialViolation | null {
  return serial.reservedFor !== null && serial.reservedFor !== reference
    ? violation.reserved(serial.serialNumber, serial.reservedFor)
    : null;
}

export const violation = {
  notFound: (serialNumber: string, productId: string): SerialViolation => ({
    serialNumber,
    code: 'SERIAL_NOT_FOUND',
    detail: `Serial number ${serialNumber} of product ${productId} does not exist`,
  }),
  alreadyExists: (serialNumber: string, where: string): SerialViolation => ({
    serialNumber,
    code: 'SERIAL_ALREADY_EXISTS',
    detail: `Serial number ${serialNumber} already exists ${where}`,
  }),
  notAt: (serialNumber: string, locationId: string): SerialViolation => ({
    serialNumber,
    code: 'SERIAL_NOT_AT_LOCATION',
    detail: `Serial number ${serialNumber} is not on hand at ${locationId}`,
  }),
  reserved: (serialNumber: string, reference: string): SerialViolation => ({
    serialNumber,
    code: 'SERIAL_RESERVED',
    detail: `Serial number ${serialNumber} is reserved for ${reference}`,
  }),
  installed: (serialNumber: string, parent: SerialRef): SerialViolation => ({
    serialNumber,
    code: 'SERIAL_INSTALLED',
    detail: `Serial number ${serialNumber} is installed in ${parent.serialNumber} of product ${parent.productId}`,
  }),
  notDeliveredTo: (serialNumber: string, customerId: string): SerialViolation => ({
    serialNumber,
    code: 'SERIAL_NOT_DELIVERED_TO_CUSTOMER',
    detail: `Serial number ${serialNumber} is not out at customer ${customerId}`,
  }),
};
