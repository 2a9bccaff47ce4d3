import { WELL_KNOWN_LOCATIONS } from '../shared/master-data';
import type { AdjustSerial, RegisterSerials } from './serial.commands';
import {
  assertSerialFormat,
  existsAlready,
  isViolation,
  lookupSerial,
  onHandAt,
  violation,
} from './serial.checks';
import { decideEach, requireLocation, type SerialRule } from './serial.context';

/** Puts serials on record before any receipt, with their references; never one that exists already. */
export const registerSerials: SerialRule<RegisterSerials> = {
  locations: () => [],
  decide: (command, context, product) => {
    const { productId } = product;
    const { internalReference = null, purchaseReference = null, lot = null } = command.data;
    assertSerialFormat(context, product, command.data.serialNumbers);
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
  },
};

/**
 * Makes the record match a count: a serial found comes in through Virtual/Adjustment, one lost goes
 * out to it.
 */
export const adjustSerial: SerialRule<AdjustSerial> = {
  locations: ({ data }) => [data.locationId, WELL_KNOWN_LOCATIONS.adjustment.id],
  decide: (command, context, product) => {
    const { productId } = product;
    const { serialNumber, locationId, direction, reason } = command.data;
    const adjustment = requireLocation(
      context,
      WELL_KNOWN_LOCATIONS.adjustment.id,
      ['adjustment'],
      'Adjustment location',
    );
    const base = { productId, serialNumber, movementId: null, reference: null, direction, reason };
    if (direction === 'found') {
      const at = requireLocation(context, locationId, ['internal'], 'Location');
      assertSerialFormat(context, product, [serialNumber]);
      return decideEach([serialNumber], () => {
        const exists = existsAlready(lookupSerial(context, productId, serialNumber), serialNumber);
        if (exists) return exists;
        const move = {
          fromLocationId: adjustment.locationId,
          toLocationId: locationId,
          toLocationType: at.locationType,
        };
        return [{ type: 'SerialAdjusted', data: { ...base, ...move } }];
      });
    }
    requireLocation(context, locationId, ['internal', 'transit'], 'Location');
    return decideEach([serialNumber], () => {
      const serial = onHandAt(context, productId, serialNumber, locationId);
      if (isViolation(serial)) return serial;
      const move = {
        fromLocationId: serial.locationId,
        toLocationId: adjustment.locationId,
        toLocationType: adjustment.locationType,
      };
      return [{ type: 'SerialAdjusted', data: { ...base, ...move } }];
    });
  },
};
