import { WELL_KNOWN_LOCATIONS, type LocationType } from '../shared/master-data';
import type {
  DeliverSerials,
  ReceiveSerials,
  ReturnSerials,
  ScrapSerials,
  TransferSerials,
} from './serial.commands';
import {
  assertSerialFormat,
  existsAlready,
  installedInAnother,
  isViolation,
  lookupSerial,
  onHandAt,
  reservedForAnother,
  violation,
} from './serial.checks';
import {
  decideEach,
  requireLocation,
  type RegisteredLocation,
  type SerialDecisionContext,
  type SerialRule,
} from './serial.context';
import type { SerialEvent } from './serial.events';
import { deliveryWarranty } from './serial.warranty';

const ON_HAND = ['internal', 'transit'] as const;

// Each move's event data is one object literal with its fields spelt out, on purpose: built from a shared
// helper with object spreads (2dfcec9) it doubled /health's p99 while 10,000-serial deliveries ran (28-38 ms
// against 69-120 ms in `npm run bench -- --load-limits-only`), the decision being one unsliced turn.

/**
 * Where each move between stock and partners may start and end. A movement document of the same
 * kind (receipt, delivery, internal) is held to these ends too.
 */
export const MOVE_ENDS = {
  ReceiveSerials: { from: ['vendor', 'customer', 'adjustment', 'scrap'], to: ['internal'] },
  DeliverSerials: { from: ON_HAND, to: ['customer'] },
  TransferSerials: { from: ON_HAND, to: ON_HAND },
} as const satisfies Record<string, { from: readonly LocationType[]; to: readonly LocationType[] }>;

export function requireMoveEnds(
  context: Pick<SerialDecisionContext, 'locations'>,
  move: keyof typeof MOVE_ENDS,
  fromLocationId: string,
  toLocationId: string,
): { from: RegisteredLocation; to: RegisteredLocation } {
  return {
    from: requireLocation(context, fromLocationId, MOVE_ENDS[move].from, 'Source'),
    to: requireLocation(context, toLocationId, MOVE_ENDS[move].to, 'Destination'),
  };
}

const fromAndTo = ({ data }: { data: { fromLocationId: string; toLocationId: string } }) => [
  data.fromLocationId,
  data.toLocationId,
];

/** New serials, or ones out of stock again, arrive from outside the warehouse. */
export const receiveSerials: SerialRule<ReceiveSerials> = {
  locations: fromAndTo,
  decide: (command, context, product) => {
    const { productId } = product;
    const {
      fromLocationId,
      toLocationId,
      vendorId = null,
      reference = null,
      movementId = null,
    } = command.data;
    const { to } = requireMoveEnds(context, 'ReceiveSerials', fromLocationId, toLocationId);
    assertSerialFormat(context, product, command.data.serialNumbers);
    return decideEach(command.data.serialNumbers, (serialNumber) => {
      const exists = existsAlready(lookupSerial(context, productId, serialNumber), serialNumber);
      if (exists) return exists;
      // Literals, not spreads: a batch builds 10,000 of these, and spreads make slow objects.
      const data = {
        productId,
        serialNumber,
        fromLocationId,
        toLocationId,
        toLocationType: to.locationType,
        movementId,
        reference,
        vendorId,
      };
      return [{ type: 'SerialReceived', data }];
    });
  },
};

/** Serials on hand at the source go to a customer, starting the product's warranty. */
export const deliverSerials: SerialRule<DeliverSerials> = {
  locations: fromAndTo,
  decide: (command, context, product) => {
    const { productId } = product;
    const { fromLocationId, toLocationId, customerId, reference = null, movementId = null } = command.data;
    const { to } = requireMoveEnds(context, 'DeliverSerials', fromLocationId, toLocationId);
    const warranty = deliveryWarranty(product, context.now);
    return decideEach(command.data.serialNumbers, (serialNumber) => {
      const serial = onHandAt(context, productId, serialNumber, fromLocationId);
      if (isViolation(serial)) return serial;
      const taken = reservedForAnother(serial, reference);
      if (taken) return taken;
      // One event per serial: the delivery carries the warranty it starts (schema version 2).
      const delivered: SerialEvent = {
        type: 'SerialDelivered',
        data: {
          productId,
          serialNumber,
          fromLocationId: serial.locationId,
          toLocationId,
          toLocationType: to.locationType,
          movementId,
          reference,
          customerId,
          warranty,
        },
      };
      return [delivered];
    });
  },
};

/**
 * Serials on hand move within the warehouse, keeping their reservation; from a zone to one of its
 * bins, each leaves from wherever in the zone it is.
 */
export const transferSerials: SerialRule<TransferSerials> = {
  locations: fromAndTo,
  decide: (command, context, { productId }) => {
    const { fromLocationId, toLocationId, reference = null, movementId = null } = command.data;
    const { to } = requireMoveEnds(context, 'TransferSerials', fromLocationId, toLocationId);
    return decideEach(command.data.serialNumbers, (serialNumber) => {
      const serial = onHandAt(context, productId, serialNumber, fromLocationId);
      if (isViolation(serial)) return serial;
      const data = {
        productId,
        serialNumber,
        fromLocationId: serial.locationId,
        toLocationId,
        toLocationType: to.locationType,
        movementId,
        reference,
      };
      return [{ type: 'SerialTransferred', data }];
    });
  },
};

/** A customer gives back serials last delivered to that customer. */
export const returnSerials: SerialRule<ReturnSerials> = {
  locations: ({ data }) => [data.toLocationId],
  decide: (command, context, { productId }) => {
    const { customerId, toLocationId, reason = null, reference = null } = command.data;
    const to = requireLocation(context, toLocationId, ['internal'], 'Destination');
    return decideEach(command.data.serialNumbers, (serialNumber) => {
      const found = lookupSerial(context, productId, serialNumber);
      if (found.kind !== 'own') return violation.notFound(serialNumber, productId);
      const { serial } = found;
      const installed = installedInAnother(serial);
      if (installed) return installed;
      if (serial.locationType !== 'customer' || serial.customerId !== customerId) {
        return violation.notDeliveredTo(serialNumber, customerId);
      }
      const data = {
        productId,
        serialNumber,
        fromLocationId: serial.locationId,
        toLocationId,
        toLocationType: to.locationType,
        movementId: null,
        reference,
        customerId,
        reason,
      };
      return [{ type: 'SerialReturned', data }];
    });
  },
};

/** Serials on hand at the source leave stock for Virtual/Scrap. */
export const scrapSerials: SerialRule<ScrapSerials> = {
  locations: ({ data }) => [data.fromLocationId, WELL_KNOWN_LOCATIONS.scrap.id],
  decide: (command, context, { productId }) => {
    const { fromLocationId, reason } = command.data;
    requireLocation(context, fromLocationId, ON_HAND, 'Source');
    const to = requireLocation(context, WELL_KNOWN_LOCATIONS.scrap.id, ['scrap'], 'Scrap location');
    return decideEach(command.data.serialNumbers, (serialNumber) => {
      const serial = onHandAt(context, productId, serialNumber, fromLocationId);
      if (isViolation(serial)) return serial;
      const data = {
        productId,
        serialNumber,
        fromLocationId: serial.locationId,
        toLocationId: to.locationId,
        toLocationType: to.locationType,
        movementId: null,
        reference: null,
        reason,
      };
      return [{ type: 'SerialScrapped', data }];
    });
  },
};
