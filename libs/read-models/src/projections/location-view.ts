import { upcastLocationEvent } from '@serial/domain';
import type { LocationDocument } from '../read-store.port';
import { alreadyApplied, occurredAt, type RecordedProjectionEvent } from './projected-event';

/**
 * Folds a location event into the location's document; an event it already holds changes nothing.
 * A location stored before trees (schema version 1) is a root.
 */
export function evolveLocationDocument(
  document: LocationDocument | null,
  event: RecordedProjectionEvent,
): LocationDocument | null {
  if (alreadyApplied(document, event)) return document;
  const locationEvent = upcastLocationEvent(event);
  const at = occurredAt(event);
  const position = event.position.toString();
  switch (locationEvent.type) {
    case 'LocationRegistered': {
      const { locationId, name, locationType, parentId, path } = locationEvent.data;
      return {
        id: locationId,
        name,
        type: locationType,
        parentId,
        path: [...path],
        createdAt: at,
        updatedAt: at,
        position,
      };
    }
    case 'LocationRenamed':
      return document ? { ...document, name: locationEvent.data.name, updatedAt: at, position } : null;
    default:
      return document;
  }
}
