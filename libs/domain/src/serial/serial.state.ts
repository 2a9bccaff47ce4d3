import { isOnHandLocationType, type LocationType } from '../shared/master-data';
import type { StoredEvent } from '../shared/recorded';
import { correctedIn, correctedOut } from './serial.handover';
import type { SerialEvent, SerialRef, Warranty } from './serial.events';
import { upcastSerialEvent } from './serial.upcast';

export type { Warranty } from './serial.events';

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

/** What the serial's own story says about it now (API.md "What the view's fields mean"). */
export type SerialFacts = {
  status: 'known';
  productId: string;
  serialNumber: string;
  reservedFor: string | null;
  /** The customer the serial is out at now, and when the delivery that put it there happened. */
  customerId: string | null;
  deliveredAt: string | null;
  /** From the receipt that last brought the serial into stock. */
  vendorId: string | null;
  receivedAt: string | null;
  internalReference: string | null;
  purchaseReference: string | null;
  lot: string | null;
  /** The reference of the last document that moved the serial. */
  reference: string | null;
  warranty: Warranty | null;
  /** The serial it is installed in; it then has no location and travels with that parent. */
  installedIn: SerialRef | null;
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
    deliveredAt: null,
    vendorId: null,
    receivedAt: null,
    internalReference: null,
    purchaseReference: null,
    lot: null,
    reference: null,
    warranty: null,
    installedIn: null,
  };
}

/**
 * Total: never throws, whatever the event. `at` is when the event happened (its recording time, or the
 * command's time for an event not stored yet); the times of receipts and deliveries come from it.
 */
export function evolveSerial(state: SerialState, event: SerialEvent, at: string | null = null): SerialState {
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
      return {
        ...moved(current, event.data),
        vendorId: event.data.vendorId ?? current.vendorId,
        receivedAt: at,
      };
    case 'SerialTransferred':
      return { ...moved(current, event.data), reservedFor: current.reservedFor };
    case 'SerialDelivered':
      return {
        ...moved(current, event.data),
        customerId: event.data.customerId,
        deliveredAt: at,
        // Absent only in events the domain did not write (test fixtures): like null, the warranty stays.
        warranty: event.data.warranty ?? current.warranty,
      };
    case 'SerialReturned':
    case 'SerialScrapped':
    case 'SerialAdjusted':
      return moved(current, event.data);
    case 'SerialCorrectedOut':
      return correctedOut(current, moved(current, event.data), event.data);
    case 'SerialCorrectedIn':
      return correctedIn(current, moved(current, event.data), event.data);
    case 'SerialReserved':
      return { ...current, reservedFor: event.data.reference };
    case 'SerialReservationReleased':
      return { ...current, reservedFor: null };
    case 'SerialWarrantySet':
      return { ...current, warranty: { startsAt: event.data.startsAt, endsAt: event.data.endsAt } };
    case 'SerialInstalled':
      return {
        ...current,
        locationId: null,
        locationType: null,
        reservedFor: null,
        installedIn: event.data.parent,
        reference: event.data.reference ?? current.reference,
      };
    case 'SerialUninstalled':
      return { ...moved(current, event.data), installedIn: null };
    default:
      return current;
  }
}

/**
 * A move lands the serial somewhere new: any reservation belonged to where it was, a serial that is not
 * at a customer is out at none, and a move without a reference keeps the last document's.
 */
function moved(
  serial: KnownSerial,
  move: { toLocationId: string; toLocationType: LocationType; reference: string | null },
): KnownSerial {
  const atCustomer = move.toLocationType === 'customer';
  return {
    ...serial,
    locationId: move.toLocationId,
    locationType: move.toLocationType,
    reservedFor: null,
    customerId: atCustomer ? serial.customerId : null,
    deliveredAt: atCustomer ? serial.deliveredAt : null,
    reference: move.reference ?? serial.reference,
  };
}

/** Folds events the domain holds (its own new ones, or a spec's), all happening at `at`. */
export function foldSerial(
  events: readonly SerialEvent[],
  state: SerialState = initialSerialState,
  at: string | null = null,
): SerialState {
  return events.reduce((serial, event) => evolveSerial(serial, event, at), state);
}

/** Folds a serial's stream as stored: each event upcast to the current shape, at its recording time. */
export function foldSerialStream(events: readonly StoredEvent[], state = initialSerialState): SerialState {
  let serial = state;
  for (const event of events) {
    serial = evolveSerial(serial, upcastSerialEvent(event), event.recordedAt?.toISOString() ?? null);
  }
  return serial;
}
