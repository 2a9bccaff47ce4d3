import { addMonthsUtc } from '../shared/dates';
import { WELL_KNOWN_LOCATIONS } from '../shared/master-data';
import type { SerialCommand } from './serial.commands';
import { serialNumbersOf } from './serial.commands';
import {
  assertNoDuplicates,
  decideEach,
  lookupSerial,
  requireLocation,
  requireSerialTrackedProduct,
  violation,
  type SerialDecision,
  type SerialDecisionContext,
  type SerialOutcome,
} from './serial.context';
import { correctSerial } from './serial.correct';
import type { SerialEvent } from './serial.events';
import { isOnHand } from './serial.state';
import { releaseSerials, reserveSerials, setWarranty } from './serial.reservations';

const ON_HAND = ['internal', 'transit'] as const;

/**
 * Decides a serial command against the serials it names. Pure: throws a DomainError naming every
 * offending serial, or returns the new events of each serial that changes.
 */
export function decideSerials(command: SerialCommand, context: SerialDecisionContext): SerialDecision {
  assertNoDuplicates(serialNumbersOf(command));
  const product = requireSerialTrackedProduct(context, command.data.productId);
  const { productId } = product;
  switch (command.type) {
    case 'RegisterSerials': {
      const { internalReference = null, purchaseReference = null, lot = null } = command.data;
      return decideEach(command.data.serialNumbers, (serialNumber) => {
        if (lookupSerial(context, productId, serialNumber).kind !== 'none') {
          return violation.alreadyExists(serialNumber, 'and cannot be registered again');
        }
        return [
          {
            type: 'SerialRegistered',
            data: { productId, serialNumber, internalReference, purchaseReference, lot },
          },
        ];
      });
    }
    case 'ReceiveSerials': {
      const {
        fromLocationId,
        toLocationId,
        vendorId = null,
        reference = null,
        movementId = null,
      } = command.data;
      requireLocation(context, fromLocationId, ['vendor', 'customer', 'adjustment', 'scrap'], 'Source');
      const to = requireLocation(context, toLocationId, ['internal'], 'Destination');
      return decideEach(command.data.serialNumbers, (serialNumber) => {
        const found = lookupSerial(context, productId, serialNumber);
        if (found.kind === 'foreign')
          return violation.alreadyExists(serialNumber, `for product ${found.serial.productId}`);
        if (found.kind === 'own' && isOnHand(found.serial)) {
          return violation.alreadyExists(serialNumber, `on hand at ${found.serial.locationId}`);
        }
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
    }
    case 'DeliverSerials': {
      const { fromLocationId, toLocationId, customerId, reference = null, movementId = null } = command.data;
      requireLocation(context, fromLocationId, ON_HAND, 'Source');
      const to = requireLocation(context, toLocationId, ['customer'], 'Destination');
      const warranty = product.warrantyMonths
        ? { startsAt: context.now, endsAt: addMonthsUtc(context.now, product.warrantyMonths) }
        : null;
      return decideEach(command.data.serialNumbers, (serialNumber) => {
        const found = lookupSerial(context, productId, serialNumber);
        if (found.kind !== 'own') return violation.notFound(serialNumber, productId);
        const { serial } = found;
        if (!isOnHand(serial) || serial.locationId !== fromLocationId)
          return violation.notAt(serialNumber, fromLocationId);
        if (serial.reservedFor !== null && serial.reservedFor !== reference) {
          return violation.reserved(serialNumber, serial.reservedFor);
        }
        const events: SerialEvent[] = [
          {
            type: 'SerialDelivered',
            data: {
              productId,
              serialNumber,
              fromLocationId,
              toLocationId,
              toLocationType: to.locationType,
              movementId,
              reference,
              customerId,
            },
          },
        ];
        if (warranty) {
          const { startsAt, endsAt } = warranty;
          events.push({
            type: 'SerialWarrantySet',
            data: { productId, serialNumber, startsAt, endsAt, reference },
          });
        }
        return events;
      });
    }
    case 'TransferSerials': {
      const { fromLocationId, toLocationId, reference = null, movementId = null } = command.data;
      requireLocation(context, fromLocationId, ON_HAND, 'Source');
      const to = requireLocation(context, toLocationId, ON_HAND, 'Destination');
      return moveOnHand(context, command.data.serialNumbers, fromLocationId, productId, (serialNumber) => ({
        type: 'SerialTransferred',
        data: {
          productId,
          serialNumber,
          fromLocationId,
          toLocationId,
          toLocationType: to.locationType,
          movementId,
          reference,
        },
      }));
    }
    case 'ReturnSerials': {
      const { customerId, toLocationId, reason = null, reference = null } = command.data;
      const to = requireLocation(context, toLocationId, ['internal'], 'Destination');
      return decideEach(command.data.serialNumbers, (serialNumber): SerialOutcome => {
        const found = lookupSerial(context, productId, serialNumber);
        if (found.kind !== 'own') return violation.notFound(serialNumber, productId);
        const { serial } = found;
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
    }
    case 'ScrapSerials': {
      const { fromLocationId, reason } = command.data;
      requireLocation(context, fromLocationId, ON_HAND, 'Source');
      const to = requireLocation(context, WELL_KNOWN_LOCATIONS.scrap.id, ['scrap'], 'Scrap location');
      return moveOnHand(context, command.data.serialNumbers, fromLocationId, productId, (serialNumber) => ({
        type: 'SerialScrapped',
        data: {
          productId,
          serialNumber,
          fromLocationId,
          toLocationId: to.locationId,
          toLocationType: to.locationType,
          movementId: null,
          reference: null,
          reason,
        },
      }));
    }
    case 'AdjustSerial':
      return adjustSerial(command, context);
    case 'CorrectSerial':
      return correctSerial(command, context);
    case 'ReserveSerials':
      return reserveSerials(command, context);
    case 'ReleaseSerials':
      return releaseSerials(command, context);
    case 'SetSerialWarranty':
      return setWarranty(command, context);
    default: {
      const exhaustive: never = command;
      throw new Error(`Unknown serial command ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** The common rule of transfer and scrap: every serial on hand at the source. */
function moveOnHand(
  context: SerialDecisionContext,
  serialNumbers: readonly string[],
  fromLocationId: string,
  productId: string,
  event: (serialNumber: string) => SerialEvent,
): SerialDecision {
  return decideEach(serialNumbers, (serialNumber) => {
    const found = lookupSerial(context, productId, serialNumber);
    if (found.kind !== 'own') return violation.notFound(serialNumber, productId);
    if (!isOnHand(found.serial) || found.serial.locationId !== fromLocationId) {
      return violation.notAt(serialNumber, fromLocationId);
    }
    return [event(serialNumber)];
  });
}

function adjustSerial(
  command: Extract<SerialCommand, { type: 'AdjustSerial' }>,
  context: SerialDecisionContext,
): SerialDecision {
  const { productId, serialNumber, locationId, direction, reason } = command.data;
  const adjustment = requireLocation(
    context,
    WELL_KNOWN_LOCATIONS.adjustment.id,
    ['adjustment'],
    'Adjustment location',
  );
  const base = { productId, serialNumber, movementId: null, reference: null, direction, reason };
  if (direction === 'found') {
    const at = requireLocation(context, locationId, ['internal'], 'Location');
    return decideEach([serialNumber], () => {
      const found = lookupSerial(context, productId, serialNumber);
      if (found.kind === 'foreign')
        return violation.alreadyExists(serialNumber, `for product ${found.serial.productId}`);
      if (found.kind === 'own' && isOnHand(found.serial)) {
        return violation.alreadyExists(serialNumber, `on hand at ${found.serial.locationId}`);
      }
      const move = {
        fromLocationId: adjustment.locationId,
        toLocationId: locationId,
        toLocationType: at.locationType,
      };
      return [{ type: 'SerialAdjusted', data: { ...base, ...move } }];
    });
  }
  requireLocation(context, locationId, ON_HAND, 'Location');
  return moveOnHand(context, [serialNumber], locationId, productId, () => ({
    type: 'SerialAdjusted',
    data: {
      ...base,
      fromLocationId: locationId,
      toLocationId: adjustment.locationId,
      toLocationType: adjustment.locationType,
    },
  }));
}
