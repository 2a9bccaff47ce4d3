import type { LocationType } from '../shared/master-data';

/** Every serial event names its serial; the product is part of it so global uniqueness can tell them apart. */
type SerialRef = { productId: string; serialNumber: string };

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
export type SerialDelivered = { type: 'SerialDelivered'; data: Move & { customerId: string } };
export type SerialReturned = {
  type: 'SerialReturned';
  data: Move & { customerId: string; reason: string | null };
};
export type SerialScrapped = { type: 'SerialScrapped'; data: Move & { reason: string } };
export type SerialAdjusted = {
  type: 'SerialAdjusted';
  data: Move & { direction: 'found' | 'lost'; reason: string };
};
/** The wrong serial of a correction leaves `fromLocationId`; `correctSerialNumber` names its partner. */
export type SerialCorrectedOut = {
  type: 'SerialCorrectedOut';
  data: Move & { reason: string; correctSerialNumber: string; customerId: string | null };
};
/** The correct serial arrives where the wrong one was recorded; `customerId` when that is a customer. */
export type SerialCorrectedIn = {
  type: 'SerialCorrectedIn';
  data: Move & { reason: string; wrongSerialNumber: string; customerId: string | null };
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
  | SerialWarrantySet;

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
];
