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
  /** The path of its location, root first (copied: a location's path never changes); null with no location. */
  locationPath: string[] | null;
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
 * The path of a location, as the read model knows it when it projects a serial's move. Locations come
 * before the serials that reference them in the global order, so the location is known; one that is
 * not (events written without their master data) is taken as a root.
 */
export type LocationPathOf = (locationId: string) => readonly string[];

export const pathsOfRoots: LocationPathOf = (locationId) => [locationId];

/** Paths from the documents given, the others as roots. */
export function pathsFrom(locations: Iterable<{ id: string; path: readonly string[] }>): LocationPathOf {
  const paths = new Map<string, readonly string[]>();
  for (const { id, path } of locations) paths.set(id, path);
  return (locationId) => paths.get(locationId) ?? [locationId];
}

/**
 * Folds one more event of a serial's stream into its document. Pure; the domain's own `evolveSerial`
 * decides every field (location, reservation, customer, receipt, references, warranty, and what a
 * correction hands over), so the view cannot disagree with what commands see; `pathOf` gives the
 * path of the location a move lands on. Events of an older
 * schema version are upcast first. An event the document already holds (position not greater)
 * returns the document unchanged.
 */
export function evolveSerialDocument(
  document: SerialDocument | null,
  event: ProjectedEvent,
  pathOf: LocationPathOf,
): SerialDocument {
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
    locationPath: locationPath(document, state.locationId, pathOf),
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

/** The fold of a stream on its own, with every location taken as a root (tests, flat locations). */
export const evolveSerialDocumentAtRoots = (
  document: SerialDocument | null,
  event: ProjectedEvent,
): SerialDocument => evolveSerialDocument(document, event, pathsOfRoots);

function locationPath(
  document: SerialDocument | null,
  locationId: string | null,
  pathOf: LocationPathOf,
): string[] | null {
  if (locationId === null) return null;
  if (document?.locationId === locationId && document.locationPath) return document.locationPath;
  return [...pathOf(locationId)];
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
