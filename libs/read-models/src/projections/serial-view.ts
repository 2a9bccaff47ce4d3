import {
  evolveSerial,
  initialSerialState,
  isOnHand,
  SERIAL_EVENT_TYPES,
  serialLocation,
  serialStatus,
  type LocationType,
  type SerialEvent,
  type SerialState,
  type SerialStatus,
  type Warranty,
} from '@serial/domain';
import { alreadyApplied, type ProjectedEvent } from './projected-event';

export type { ProjectedEvent } from './projected-event';

/** SerialView of API.md, as stored: `warranty.active` depends on when it is read, so it is added then. */
export interface SerialDocument {
  productId: string;
  serialNumber: string;
  status: SerialStatus;
  onHand: boolean;
  locationId: string | null;
  locationType: LocationType | null;
  reservedFor: string | null;
  customerId: string | null;
  vendorId: string | null;
  internalReference: string | null;
  purchaseReference: string | null;
  lot: string | null;
  /** The reference of the last document that touched the serial (an addition to API.md's SerialView). */
  reference: string | null;
  warranty: Warranty | null;
  receivedAt: string | null;
  deliveredAt: string | null;
  lastMovedAt: string | null;
  revision: number;
  position: string;
  updatedAt: string;
}

export type SerialView = Omit<SerialDocument, 'warranty'> & {
  warranty: (Warranty & { active: boolean }) | null;
};

const SERIAL_EVENTS = new Set<string>(SERIAL_EVENT_TYPES);

export const isSerialEvent = (event: { type: string }): boolean => SERIAL_EVENTS.has(event.type);

/**
 * Folds one more event of a serial's stream into its document. Pure; the domain's own `evolveSerial`
 * decides location, reservation and warranty, so the view cannot disagree with what commands see.
 * An event the document already holds (position not greater) returns the document unchanged.
 */
export function evolveSerialDocument(document: SerialDocument | null, event: ProjectedEvent): SerialDocument {
  if (document && alreadyApplied(document, event)) return document;
  const before: SerialState = document ? stateOf(document) : initialSerialState;
  const domainEvent = event as unknown as SerialEvent;
  const state = evolveSerial(before, domainEvent);
  if (state.status !== 'known') throw new TypeError(`Event ${event.type} did not produce a serial`);
  const at = event.recordedAt.toISOString();
  const moved = 'toLocationId' in domainEvent.data;
  return {
    productId: state.productId,
    serialNumber: state.serialNumber,
    status: serialStatus(state),
    onHand: isOnHand(state),
    locationId: state.locationId,
    locationType: state.locationType,
    reservedFor: state.reservedFor,
    customerId: state.customerId,
    vendorId: state.vendorId,
    internalReference: state.internalReference,
    purchaseReference: state.purchaseReference,
    lot: state.lot,
    reference: referenceOf(domainEvent) ?? document?.reference ?? null,
    warranty: state.warranty,
    receivedAt: event.type === 'SerialReceived' ? at : (document?.receivedAt ?? null),
    deliveredAt: event.type === 'SerialDelivered' ? at : (document?.deliveredAt ?? null),
    lastMovedAt: moved ? at : (document?.lastMovedAt ?? null),
    revision: event.revision,
    position: event.position.toString(),
    updatedAt: at,
  };
}

/** The view as served at time `now`: the warranty is active from its start until its end. */
export function toSerialView(document: SerialDocument, now: Date): SerialView {
  const { warranty } = document;
  const time = now.getTime();
  return {
    ...document,
    warranty: warranty
      ? { ...warranty, active: Date.parse(warranty.startsAt) <= time && time < Date.parse(warranty.endsAt) }
      : null,
  };
}

function referenceOf(event: SerialEvent): string | null {
  return 'reference' in event.data ? event.data.reference : null;
}

function stateOf(document: SerialDocument): SerialState {
  const { productId, serialNumber, locationId, locationType, reservedFor, customerId, vendorId } = document;
  const { internalReference, purchaseReference, lot, warranty } = document;
  return {
    status: 'known',
    productId,
    serialNumber,
    ...serialLocation(locationId, locationType),
    reservedFor,
    customerId,
    vendorId,
    internalReference,
    purchaseReference,
    lot,
    warranty,
  };
}
