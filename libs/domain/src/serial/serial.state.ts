import { isOnHandLocationType, type LocationType } from '../shared/master-data';
import type { SerialEvent } from './serial.events';

export type Warranty = { startsAt: string; endsAt: string };

/**
 * Where a serial is: a location and that location's type, or neither while it is only registered and
 * was never received. A location without its type cannot be written down.
 */
export type SerialLocation =
  { locationId: null; locationType: null } | { locationId: string; locationType: LocationType };

/** Builds the location from fields stored apart (a read model's columns), keeping both or neither. */
export function serialLocation(locationId: string | null, locationType: LocationType | null): SerialLocation {
  return locationId === null || locationType === null
    ? { locationId: null, locationType: null }
    : { locationId, locationType };
}

type SerialFacts = {
  status: 'known';
  productId: string;
  serialNumber: string;
  reservedFor: string | null;
  /** The customer it was last delivered to; kept after a return for traceability. */
  customerId: string | null;
  vendorId: string | null;
  internalReference: string | null;
  purchaseReference: string | null;
  lot: string | null;
  warranty: Warranty | null;
};

export type KnownSerial = SerialFacts & SerialLocation;

/** A serial's state folded from its own stream. Status is derived (DESIGN.md), never stored. */
export type SerialState = { status: 'unknown' } | KnownSerial;

/** On hand: ours and physically present, in an internal or transit location. */
export type OnHandSerial = SerialFacts & { locationId: string; locationType: 'internal' | 'transit' };

export const initialSerialState: SerialState = { status: 'unknown' };

export const isOnHand = (serial: SerialState): serial is OnHandSerial =>
  serial.status === 'known' && isOnHandLocationType(serial.locationType);

export type SerialStatus = 'available' | 'reserved' | 'out_of_stock';

export function serialStatus(serial: SerialState): SerialStatus {
  if (!isOnHand(serial)) return 'out_of_stock';
  if (serial.reservedFor !== null) return 'reserved';
  return serial.locationType === 'internal' ? 'available' : 'out_of_stock';
}

function blank(productId: string, serialNumber: string): KnownSerial {
  return {
    status: 'known',
    productId,
    serialNumber,
    locationId: null,
    locationType: null,
    reservedFor: null,
    customerId: null,
    vendorId: null,
    internalReference: null,
    purchaseReference: null,
    lot: null,
    warranty: null,
  };
}

/** Total: never throws, whatever the event. */
export function evolveSerial(state: SerialState, event: SerialEvent): SerialState {
  const current = state.status === 'known' ? state : blank(event.data.productId, event.data.serialNumber);
  switch (event.type) {
    case 'SerialRegistered':
      return {
        ...current,
        internalReference: event.data.internalReference ?? current.internalReference,
        purchaseReference: event.data.purchaseReference ?? current.purchaseReference,
        lot: event.data.lot ?? current.lot,
      };
    case 'SerialReceived':
      return { ...moved(current, event.data), vendorId: event.data.vendorId ?? current.vendorId };
    case 'SerialTransferred':
      return { ...moved(current, event.data), reservedFor: current.reservedFor };
    case 'SerialDelivered':
      return { ...moved(current, event.data), customerId: event.data.customerId };
    case 'SerialReturned':
    case 'SerialScrapped':
    case 'SerialAdjusted':
      return moved(current, event.data);
    case 'SerialCorrectedOut':
      // Its delivery never happened for this unit, so neither did the customer or the warranty.
      return current.locationType === 'customer'
        ? { ...moved(current, event.data), customerId: null, warranty: null }
        : moved(current, event.data);
    case 'SerialCorrectedIn':
      return { ...moved(current, event.data), customerId: event.data.customerId ?? current.customerId };
    case 'SerialReserved':
      return { ...current, reservedFor: event.data.reference };
    case 'SerialReservationReleased':
      return { ...current, reservedFor: null };
    case 'SerialWarrantySet':
      return { ...current, warranty: { startsAt: event.data.startsAt, endsAt: event.data.endsAt } };
    default:
      return current;
  }
}

/** A move lands the serial somewhere new; any reservation belonged to where it was. */
function moved(
  serial: KnownSerial,
  move: { toLocationId: string; toLocationType: LocationType },
): KnownSerial {
  return { ...serial, locationId: move.toLocationId, locationType: move.toLocationType, reservedFor: null };
}

export function foldSerial(
  events: readonly SerialEvent[],
  state: SerialState = initialSerialState,
): SerialState {
  return events.reduce(evolveSerial, state);
}
