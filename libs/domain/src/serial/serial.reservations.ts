import { requireLocation, decideEach, lookupSerial, violation } from './serial.context';
import type { SerialDecision, SerialDecisionContext } from './serial.context';
import type { ReleaseSerials, ReserveSerials, SetSerialWarranty } from './serial.commands';
import { isOnHand } from './serial.state';

/** Re-reserving for the same reference changes nothing and writes nothing. */
export function reserveSerials(command: ReserveSerials, context: SerialDecisionContext): SerialDecision {
  const { productId, reference, locationId } = command.data;
  if (locationId !== undefined) requireLocation(context, locationId, ['internal', 'transit'], 'Location');
  return decideEach(command.data.serialNumbers, (serialNumber) => {
    const found = lookupSerial(context, productId, serialNumber);
    if (found.kind !== 'own') return violation.notFound(serialNumber, productId);
    const { serial } = found;
    if (!isOnHand(serial) || (locationId !== undefined && serial.locationId !== locationId)) {
      return violation.notAt(serialNumber, locationId ?? 'any internal location');
    }
    if (serial.reservedFor === reference) return [];
    if (serial.reservedFor !== null) return violation.reserved(serialNumber, serial.reservedFor);
    return [
      {
        type: 'SerialReserved',
        data: { productId, serialNumber, locationId: serial.locationId as string, reference },
      },
    ];
  });
}

/** A serial not reserved for this reference is left as it is. */
export function releaseSerials(command: ReleaseSerials, context: SerialDecisionContext): SerialDecision {
  const { productId, reference } = command.data;
  return decideEach(command.data.serialNumbers, (serialNumber) => {
    const found = lookupSerial(context, productId, serialNumber);
    if (found.kind !== 'own') return violation.notFound(serialNumber, productId);
    if (found.serial.reservedFor !== reference) return [];
    return [{ type: 'SerialReservationReleased', data: { productId, serialNumber, reference } }];
  });
}

export function setWarranty(command: SetSerialWarranty, context: SerialDecisionContext): SerialDecision {
  const { productId, serialNumber, startsAt, endsAt, reference = null } = command.data;
  return decideEach([serialNumber], () => {
    if (lookupSerial(context, productId, serialNumber).kind !== 'own')
      return violation.notFound(serialNumber, productId);
    return [{ type: 'SerialWarrantySet', data: { productId, serialNumber, startsAt, endsAt, reference } }];
  });
}
