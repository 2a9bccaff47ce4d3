import { DomainError, type SerialViolation } from '../shared/domain-error';
import type { LocationType } from '../shared/master-data';
import type { LocationState } from '../location/location.decider';
import type { ProductState } from '../product/product.decider';
import type { SerialEvent } from './serial.events';
import { initialSerialState, type KnownSerial, type SerialState } from './serial.state';

/** What a serial command is decided against: every stream it names, folded, and the time it arrived. */
export interface SerialDecisionContext {
  readonly product: ProductState;
  readonly locations: ReadonlyMap<string, LocationState>;
  /** By serial number; a serial missing here has no stream yet. */
  readonly serials: ReadonlyMap<string, SerialState>;
  readonly now: string;
}

/** The new events of each serial the command changes, by serial number. */
export type SerialDecision = Map<string, SerialEvent[]>;

export type RegisteredProduct = Extract<ProductState, { status: 'registered' }>;
export type RegisteredLocation = Extract<LocationState, { status: 'registered' }>;

export function requireSerialTrackedProduct(
  context: SerialDecisionContext,
  productId: string,
): RegisteredProduct {
  const { product } = context;
  if (product.status !== 'registered') {
    throw new DomainError('PRODUCT_NOT_FOUND', `Product ${productId} does not exist`);
  }
  if (product.tracking !== 'serial') {
    throw new DomainError(
      'PRODUCT_NOT_SERIAL_TRACKED',
      `Product ${productId} is tracked by '${product.tracking}', not by serial number`,
    );
  }
  return product;
}

export function requireLocation(
  context: Pick<SerialDecisionContext, 'locations'>,
  locationId: string,
  allowed: readonly LocationType[],
  role: string,
): RegisteredLocation {
  const location = context.locations.get(locationId);
  if (!location || location.status !== 'registered') {
    throw new DomainError('LOCATION_NOT_FOUND', `Location ${locationId} does not exist`);
  }
  if (!allowed.includes(location.locationType)) {
    throw new DomainError(
      'INVALID_LOCATION_TYPE',
      `${role} ${locationId} is a ${location.locationType} location; expected ${allowed.join(' or ')}`,
    );
  }
  return location;
}

export function assertNoDuplicates(serialNumbers: readonly string[]): void {
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const serialNumber of serialNumbers) {
    if (seen.has(serialNumber)) reported.add(serialNumber);
    seen.add(serialNumber);
  }
  if (reported.size > 0) {
    throw DomainError.fromViolations(
      [...reported].map((serialNumber) => ({
        serialNumber,
        code: 'DUPLICATE_IN_REQUEST',
        detail: `Serial number ${serialNumber} appears more than once in the request`,
      })),
    );
  }
}

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

/** A per-serial rule answers with the serial's new events, or the rule it broke. */
export type SerialOutcome = SerialEvent[] | SerialViolation;

/** Applies `rule` to every serial and fails with every violation at once, never only the first. */
export function decideEach(
  serialNumbers: readonly string[],
  rule: (serialNumber: string) => SerialOutcome,
): SerialDecision {
  const decision: SerialDecision = new Map();
  const violations: SerialViolation[] = [];
  for (const serialNumber of serialNumbers) {
    const outcome = rule(serialNumber);
    if (Array.isArray(outcome)) {
      if (outcome.length > 0) decision.set(serialNumber, outcome);
    } else {
      violations.push(outcome);
    }
  }
  if (violations.length > 0) throw DomainError.fromViolations(violations);
  return decision;
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
  notDeliveredTo: (serialNumber: string, customerId: string): SerialViolation => ({
    serialNumber,
    code: 'SERIAL_NOT_DELIVERED_TO_CUSTOMER',
    detail: `Serial number ${serialNumber} is not out at customer ${customerId}`,
  }),
};
