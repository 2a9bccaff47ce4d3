import type { LocationType } from '../shared/master-data';

/** Every serial event names its serial; the product is part of it so global uniqueness can tell them apart. */
export type SerialRef = { productId: string; serialNumber: string };

/** Move-like events carry where the serial was and where it went, and the documents that caused it. */
type Move = SerialRef & {
  fromLocationId: string | null;
  toLocationId: string;
  toLocationType: LocationType;
  movementId: string | null;
  reference: string | null;
};

export type SerialRegistered = {
  type: 'SerialRegistered';
  data: SerialRef & {
    internalReference: string | null;
    purchaseReference: string | null;
    lot: string | null;
  };
};
export type SerialReceived = { type: 'SerialReceived'; data: Move & { vendorId: string | null } };
export type SerialTransferred = { type: 'SerialTransferred'; data: Move };
/**
 * Schema version 2 carries the warranty the delivery starts (null when the product has none, and then
 * the serial keeps the warranty it had). A version 1 delivery was followed by a SerialWarrantySet in
 * the same append, and upcasts with `warranty: null`: the pair folds to the same state.
 */
export type SerialDelivered = {
  type: 'SerialDelivered';
  data: Move & { customerId: string; warranty: Warranty | null };
};
export type SerialReturned = {
  type: 'SerialReturned';
  data: Move & { customerId: string; reason: string | null };
};
export type SerialScrapped = { type: 'SerialScrapped'; data: Move & { reason: string } };
export type SerialAdjusted = {
  type: 'SerialAdjusted';
  data: Move & { direction: 'found' | 'lost'; reason: string };
};
export type Warranty = { startsAt: string; endsAt: string };

/**
 * A correction either swaps the two serials' places (the correct one was on hand elsewhere) or
 * replaces the wrong one, which leaves through Virtual/Adjustment, by the correct one (a receipt typo).
 */
export type CorrectionKind = 'swap' | 'replace';

/**
 * The other serial's facts just before the correction: what it hands over. Schema version 2; an event
 * of version 1 did not record them, and upcasts with `counterpart: null`.
 */
export type CorrectionCounterpart = {
  reference: string | null;
  vendorId: string | null;
  receivedAt: string | null;
  purchaseReference: string | null;
  lot: string | null;
  customerId: string | null;
  deliveredAt: string | null;
  warranty: Warranty | null;
};

type Correction = Move & {
  reason: string;
  /** The customer where the correction happened, when that is a customer location. */
  customerId: string | null;
  kind: CorrectionKind;
  counterpart: CorrectionCounterpart | null;
};

/** The wrong serial of a correction leaves `fromLocationId`; `correctSerialNumber` names its partner. */
export type SerialCorrectedOut = {
  type: 'SerialCorrectedOut';
  data: Correction & { correctSerialNumber: string };
};
/** The correct serial arrives where the wrong one was recorded, taking over what the wrong one hands over. */
export type SerialCorrectedIn = {
  type: 'SerialCorrectedIn';
  data: Correction & { wrongSerialNumber: string };
};
export type SerialReserved = {
  type: 'SerialReserved';
  data: SerialRef & { locationId: string; reference: string };
};
export type SerialReservationReleased = {
  type: 'SerialReservationReleased';
  data: SerialRef & { reference: string };
};
export type SerialWarrantySet = {
  type: 'SerialWarrantySet';
  data: SerialRef & { startsAt: string; endsAt: string; reference: string | null };
};

/**
 * A component goes into its parent: it leaves its location for none (`toLocationId` null) and travels
 * with the parent from then on. The parent's stream gets ComponentsInstalled in the same append.
 */
export type SerialInstalled = {
  type: 'SerialInstalled';
  data: SerialRef & {
    fromLocationId: string;
    toLocationId: null;
    parent: SerialRef;
    movementId: null;
    reference: string | null;
  };
};
/** A component comes out of the parent it was installed in, on hand at `toLocationId` (or scrapped). */
export type SerialUninstalled = {
  type: 'SerialUninstalled';
  data: Move & { fromLocationId: null; parent: SerialRef; reason: string };
};
/** The parent's side of an install: which components went into it. The parent itself does not move. */
export type ComponentsInstalled = {
  type: 'ComponentsInstalled';
  data: SerialRef & { components: readonly SerialRef[]; reference: string | null };
};
/** The parent's side of an uninstall: which components came out of it, and why. */
export type ComponentsUninstalled = {
  type: 'ComponentsUninstalled';
  data: SerialRef & { components: readonly SerialRef[]; reason: string; reference: string | null };
};

export type SerialEvent =
  | SerialRegistered
  | SerialReceived
  | SerialTransferred
  | SerialDelivered
  | SerialReturned
  | SerialScrapped
  | SerialAdjusted
  | SerialCorrectedOut
  | SerialCorrectedIn
  | SerialReserved
  | SerialReservationReleased
  | SerialWarrantySet
  | SerialInstalled
  | SerialUninstalled
  | ComponentsInstalled
  | ComponentsUninstalled;

export type SerialMoveEvent = Extract<SerialEvent, { data: { toLocationId: string } }>;

export const SERIAL_EVENT_TYPES: readonly SerialEvent['type'][] = [
  'SerialRegistered',
  'SerialReceived',
  'SerialTransferred',
  'SerialDelivered',
  'SerialReturned',
  'SerialScrapped',
  'SerialAdjusted',
  'SerialCorrectedOut',
  'SerialCorrectedIn',
  'SerialReserved',
  'SerialReservationReleased',
  'SerialWarrantySet',
  'SerialInstalled',
  'SerialUninstalled',
  'ComponentsInstalled',
  'ComponentsUninstalled',
];
