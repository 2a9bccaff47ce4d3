import {
  evolveSerial,
  initialSerialState,
  isOnHand,
  isWarrantyActive,
  lifecycleState,
  SERIAL_EVENT_TYPES,
  serialLocation,
  serialStatus,
  upcastSerialEvent,
  type LocationType,
  type SerialLifecycleState,
  type SerialRef,
  type SerialState,
  type SerialStatus,
  type Warranty,
} from '@serial/domain';
import { alreadyApplied, type ProjectedEvent } from './projected-event';

export type { ProjectedEvent } from './projected-event';

/**
 * SerialView of API.md, as stored: `warranty.active` depends on when it is read, so it is added then.
 * Every field means what API.md "What the view's fields mean" says, after any sequence of commands.
 */
export interface SerialDocument {
  productId: string;
  serialNumber: string;
  status: SerialStatus;
  state: SerialLifecycleState;
  onHand: boolean;
  locationId: string | null;
  locationType: LocationType | null;
  reservedFor: string | null;
  /** The customer the serial is out at now; null whenever it is not at a customer. */
  customerId: string | null;
  vendorId: string | null;
  internalReference: string | null;
  purchaseReference: string | null;
  lot: string | null;
  /** The reference of the last document that moved the serial. */
  reference: string | null;
  warranty: Warranty | null;
  /** Of the receipt that last brought the serial into stock. */
  receivedAt: string | null;
  /** Of the delivery that put it at its customer; null whenever it is not at a customer. */
  deliveredAt: string | null;
  lastMovedAt: string | null;
  /** The serial it is installed in now; null when it is not installed. */
  installedIn: SerialRef | null;
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
 * decides every field (location, reservation, customer, receipt, references, warranty, and what a
 * correction hands over), so the view cannot disagree with what commands see. Events of an older
 * schema version are upcast first. An event the document already holds (position not greater)
 * returns the document unchanged.
 */
export function evolveSerialDocument(document: SerialDocument | null, event: ProjectedEvent): SerialDocument {
  if (document && alreadyApplied(document, event)) return document;
  const before: SerialState = document ? stateOf(document) : initialSerialState;
  const domainEvent = upcastSerialEvent(event);
  const at = event.recordedAt.toISOString();
  const state = evolveSerial(before, domainEvent, at);
  if (state.status !== 'known') throw new TypeError(`Event ${event.type} did not produce a serial`);
  const moved = 'toLocationId' in domainEvent.data;
  return {
    productId: state.productId,
    serialNumber: state.serialNumber,
    status: serialStatus(state),
    state: lifecycleState(state),
    onHand: isOnHand(state),
    locationId: state.locationId,
    locationType: state.locationType,
    reservedFor: state.reservedFor,
    customerId: state.customerId,
    vendorId: state.vendorId,
    internalReference: state.internalReference,
    purchaseReference: state.purchaseReference,
    lot: state.lot,
    reference: state.reference,
    warranty: state.warranty,
    receivedAt: state.receivedAt,
    deliveredAt: state.deliveredAt,
    lastMovedAt: moved ? at : (document?.lastMovedAt ?? null),
    installedIn: state.installedIn,
    revision: event.revision,
    position: event.position.toString(),
    updatedAt: at,
  };
}

/** The view as served at time `now`: the warranty is active within its dates, unless scrapped or written off. */
export function toSerialView(document: SerialDocument, now: Date): SerialView {
  const { warranty } = document;
  return {
    ...document,
    warranty: warranty ? { ...warranty, active: isWarrantyActive(document, now) } : null,
  };
}

function stateOf(document: SerialDocument): SerialState {
  const { productId, serialNumber, locationId, locationType, reservedFor, customerId, vendorId } = document;
  const { internalReference, purchaseReference, lot, reference, warranty, receivedAt, deliveredAt } =
    document;
  const { installedIn } = document;
  return {
    status: 'known',
    productId,
    serialNumber,
    ...serialLocation(locationId, locationType),
    reservedFor,
    customerId,
    deliveredAt,
    vendorId,
    receivedAt,
    internalReference,
    purchaseReference,
    lot,
    reference,
    warranty,
    installedIn,
  };
}
