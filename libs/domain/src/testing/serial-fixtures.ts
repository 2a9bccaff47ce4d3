import {
  evolveLocation,
  initialLocationState,
  type LocationRegistered,
  type LocationState,
} from '../location/location.decider';
import { LOCATION_TYPES, type LocationType, WELL_KNOWN_LOCATIONS } from '../shared/master-data';
import { evolveProduct, initialProductState, type ProductState } from '../product/product.decider';
import type { ProductRegistered } from '../product/product.events';
import type { SerialDecision, SerialDecisionContext } from '../serial/serial.context';
import type { SerialCommand } from '../serial/serial.commands';
import { decideSerials } from '../serial/serial.decider';
import type { SerialEvent } from '../serial/serial.events';
import { foldSerial, type SerialState } from '../serial/serial.state';
import { deciderSpecification } from './decider-specification';

export const NOW = '2026-03-15T10:00:00.000Z';

export function productRegistered(overrides: Partial<ProductRegistered['data']> = {}): ProductRegistered {
  return {
    type: 'ProductRegistered',
    data: {
      productId: 'LAPTOP',
      sku: 'LP-1',
      name: 'Laptop',
      productType: 'storable',
      tracking: 'serial',
      gtin: null,
      warrantyMonths: null,
      serialFormat: null,
      ...overrides,
    },
  };
}

export function product(
  overrides: Partial<Extract<ProductState, { status: 'registered' }>> = {},
): ProductState {
  return evolveProduct(initialProductState, productRegistered(overrides));
}

/**
 * The well-known locations plus one of each type under a short name (`internal`, `customer`, ...), and
 * trees: zones A and B of WH/Stock, bins A/01 and A/02, a shelf level below bin A/01, a customer's site.
 * A third element names the parent.
 */
export const FIXTURE_LOCATIONS: readonly (readonly [string, LocationType, string?])[] = [
  ...Object.values(WELL_KNOWN_LOCATIONS).map((l) => [l.id, l.type] as const),
  ['WH/Shelf-2', 'internal'],
  ['Transit/Truck', 'transit'],
  ...LOCATION_TYPES.map((t) => [t, t] as const),
  ['WH/Stock/A', 'internal', 'WH/Stock'],
  ['WH/Stock/A/01', 'internal', 'WH/Stock/A'],
  ['WH/Stock/A/01/TOP', 'internal', 'WH/Stock/A/01'],
  ['WH/Stock/A/02', 'internal', 'WH/Stock/A'],
  ['WH/Stock/B', 'internal', 'WH/Stock'],
  ['Partners/Customers/ACME', 'customer', 'Partners/Customers'],
];

/** The path of a fixture location, from its parents in FIXTURE_LOCATIONS. */
export function fixturePath(locationId: string): string[] {
  const parentId = FIXTURE_LOCATIONS.find(([id]) => id === locationId)?.[2];
  return parentId === undefined ? [locationId] : [...fixturePath(parentId), locationId];
}

/** A location as the decider registers it; a fixture location's parent and path come from the list. */
export const locationRegistered = (locationId: string, locationType: LocationType): LocationRegistered => {
  const path = fixturePath(locationId);
  const parentId = path.length > 1 ? path[path.length - 2] : null;
  return { type: 'LocationRegistered', data: { locationId, name: locationId, locationType, parentId, path } };
};

export function locations(): Map<string, LocationState> {
  return new Map(
    FIXTURE_LOCATIONS.map(([locationId, locationType]) => [
      locationId,
      evolveLocation(initialLocationState, locationRegistered(locationId, locationType)),
    ]),
  );
}

/** Past events of each serial, by serial number. */
export type SerialHistory = Record<string, SerialEvent[]>;

/** Given/when/then over the serial decider with the fixture product and locations. */
export function serialSpec(productState: ProductState = product()) {
  return deciderSpecification<SerialCommand, SerialHistory, SerialDecisionContext, SerialDecision>({
    decide: decideSerials,
    evolve: (context, history) => ({
      ...context,
      serials: new Map<string, SerialState>(
        Object.entries(history).map(([sn, events]) => [sn, foldSerial(events)]),
      ),
    }),
    initialState: () => ({ product: productState, locations: locations(), serials: new Map(), now: NOW }),
  });
}

const move = { movementId: null, reference: null };

export const history = {
  received: (serialNumber: string, at = 'WH/Stock', productId = 'LAPTOP'): SerialEvent => ({
    type: 'SerialReceived',
    data: {
      productId,
      serialNumber,
      fromLocationId: 'Partners/Vendors',
      toLocationId: at,
      toLocationType: at.startsWith('Transit') ? 'transit' : 'internal',
      vendorId: 'V1',
      ...move,
    },
  }),
  delivered: (serialNumber: string, customerId = 'C1', from = 'WH/Stock'): SerialEvent => ({
    type: 'SerialDelivered',
    data: {
      productId: 'LAPTOP',
      serialNumber,
      fromLocationId: from,
      toLocationId: 'Partners/Customers',
      toLocationType: 'customer',
      customerId,
      warranty: null,
      ...move,
    },
  }),
  reserved: (serialNumber: string, reference: string, locationId = 'WH/Stock'): SerialEvent => ({
    type: 'SerialReserved',
    data: { productId: 'LAPTOP', serialNumber, locationId, reference },
  }),
  registered: (serialNumber: string, productId = 'LAPTOP'): SerialEvent => ({
    type: 'SerialRegistered',
    data: { productId, serialNumber, internalReference: null, purchaseReference: null, lot: null },
  }),
  returned: (serialNumber: string, customerId = 'C1', to = 'WH/Stock'): SerialEvent => ({
    type: 'SerialReturned',
    data: {
      productId: 'LAPTOP',
      serialNumber,
      fromLocationId: 'Partners/Customers',
      toLocationId: to,
      toLocationType: 'internal',
      customerId,
      reason: null,
      ...move,
    },
  }),
  scrapped: (serialNumber: string, from = 'WH/Stock'): SerialEvent => ({
    type: 'SerialScrapped',
    data: {
      productId: 'LAPTOP',
      serialNumber,
      fromLocationId: from,
      toLocationId: 'Virtual/Scrap',
      toLocationType: 'scrap',
      reason: 'broken',
      ...move,
    },
  }),
};
