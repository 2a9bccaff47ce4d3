import type { LocationEvent } from '../location/location.events';
import type { MovementEvent } from '../movement/movement.events';
import type { ProductEvent } from '../product/product.events';
import type { SerialEvent } from '../serial/serial.events';

/** The events integrators follow (change feed, webhooks); webhook definitions are the service's own business. */
export type BusinessEvent = SerialEvent | ProductEvent | LocationEvent | MovementEvent;

/** Written as a record so that a new event type fails to compile until it is listed here. */
const BUSINESS_EVENT_TYPE_SET = {
  SerialRegistered: true,
  SerialReceived: true,
  SerialTransferred: true,
  SerialDelivered: true,
  SerialReturned: true,
  SerialScrapped: true,
  SerialAdjusted: true,
  SerialCorrectedOut: true,
  SerialCorrectedIn: true,
  SerialReserved: true,
  SerialReservationReleased: true,
  SerialWarrantySet: true,
  SerialInstalled: true,
  SerialUninstalled: true,
  ComponentsInstalled: true,
  ComponentsUninstalled: true,
  ProductRegistered: true,
  ProductUpdated: true,
  ProductFirstSerialCreated: true,
  LocationRegistered: true,
  LocationRenamed: true,
  MovementCreated: true,
  MovementSerialsAssigned: true,
  MovementValidated: true,
  MovementCancelled: true,
} satisfies Record<BusinessEvent['type'], true>;

export const BUSINESS_EVENT_TYPES = Object.keys(BUSINESS_EVENT_TYPE_SET) as BusinessEvent['type'][];

export function isBusinessEventType(type: string): type is BusinessEvent['type'] {
  return Object.hasOwn(BUSINESS_EVENT_TYPE_SET, type);
}
