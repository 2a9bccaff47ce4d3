import type { LocationEvent } from '@serial/domain';
import type { LocationDocument } from '../read-store.port';
import { alreadyApplied, occurredAt, type RecordedProjectionEvent } from './projected-event';

export const LOCATION_EVENT_TYPES: readonly LocationEvent['type'][] = ['LocationRegistered'];

/** Folds a location event into the location's document; an event it already holds changes nothing. */
export function evolveLocationDocument(
  document: LocationDocument | null,
  event: RecordedProjectionEvent,
): LocationDocument | null {
  if (alreadyApplied(document, event)) return document;
  const locationEvent = event as unknown as LocationEvent;
  if (locationEvent.type !== 'LocationRegistered') return document;
  const { locationId, name, locationType } = locationEvent.data;
  return {
    id: locationId,
    name,
    type: locationType,
    createdAt: occurredAt(event),
    position: event.position.toString(),
  };
}
