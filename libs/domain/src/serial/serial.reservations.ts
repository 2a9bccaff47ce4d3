import type { ReleaseSerials, ReserveSerials } from './serial.commands';
import { isViolation, lookupSerial, onHandAt, reservedForAnother, violation } from './serial.checks';
import { decideEach, requireLocation, type SerialRule } from './serial.context';

/** Reserves on-hand serials for a reference; re-reserving for the same reference writes nothing. */
export const reserveSerials: SerialRule<ReserveSerials> = {
  locations: ({ data }) => (data.locationId === undefined ? [] : [data.locationId]),
  decide: (command, context) => {
    const { productId, reference, locationId } = command.data;
    if (locationId !== undefined) requireLocation(context, locationId, ['internal', 'transit'], 'Location');
    return decideEach(command.data.serialNumbers, (serialNumber) => {
      const serial = onHandAt(context, productId, serialNumber, locationId);
      if (isViolation(serial)) return serial;
      if (serial.reservedFor === reference) return [];
      const taken = reservedForAnother(serial, reference);
      if (taken) return taken;
      return [
        {
          type: 'SerialReserved',
          data: { productId, serialNumber, locationId: serial.locationId, reference },
        },
      ];
    });
  },
};

/** Releases the reservations of a reference; a serial not reserved for it is left as it is. */
export const releaseSerials: SerialRule<ReleaseSerials> = {
  locations: () => [],
  decide: (command, context) => {
    const { productId, reference } = command.data;
    return decideEach(command.data.serialNumbers, (serialNumber) => {
      const found = lookupSerial(context, productId, serialNumber);
      if (found.kind !== 'own') return violation.notFound(serialNumber, productId);
      if (found.serial.reservedFor !== reference) return [];
      return [{ type: 'SerialReservationReleased', data: { productId, serialNumber, reference } }];
    });
  },
};
