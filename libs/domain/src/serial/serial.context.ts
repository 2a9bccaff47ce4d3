import { DomainError, type SerialViolation } from '../shared/domain-error';
import type { LocationType } from '../shared/master-data';
import type { LocationState } from '../location/location.decider';
import type { ProductState } from '../product/product.decider';
import type { SerialCommand } from './serial.commands';
import type { SerialEvent } from './serial.events';
import type { SerialState } from './serial.state';

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

/**
 * One command's rule. It declares the locations it reads, fixed ones such as Virtual/Scrap included,
 * beside its decision, so that what the command path loads cannot drift from what the rule looks up.
 */
export interface SerialRule<Command extends SerialCommand = SerialCommand> {
  locations(command: Command): readonly string[];
  /** Runs once the product is known to be registered and serial-tracked. */
  decide(command: Command, context: SerialDecisionContext, product: RegisteredProduct): SerialDecision;
}

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
      `${role} ${locationId} is ${withArticle(location.locationType)} location; expected ${allowed.join(' or ')}`,
    );
  }
  return location;
}

/** "an internal", "an adjustment", "a customer". */
const withArticle = (word: string): string => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

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
