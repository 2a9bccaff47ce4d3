import type { LocationType } from '../shared/master-data';
import type { StoredEvent } from '../shared/recorded';
import { storedSchemaVersion } from '../shared/schema-versions';

/**
 * Schema version 2 carries the parent and the path (the ids from the root down to the location
 * itself), both fixed for the location's life; a version 1 location was created before trees and is
 * a root, its path its own id.
 */
export type LocationRegistered = {
  type: 'LocationRegistered';
  data: {
    locationId: string;
    name: string;
    locationType: LocationType;
    parentId: string | null;
    path: string[];
  };
};
export type LocationRenamed = { type: 'LocationRenamed'; data: { locationId: string; name: string } };

export type LocationEvent = LocationRegistered | LocationRenamed;

export const LOCATION_EVENT_TYPES: readonly LocationEvent['type'][] = [
  'LocationRegistered',
  'LocationRenamed',
];

type RegisteredV1 = { data: Omit<LocationRegistered['data'], 'parentId' | 'path'> };

/** A stored location event in the current shape. */
export function upcastLocationEvent(stored: StoredEvent): LocationEvent {
  const event = stored as unknown as LocationEvent;
  if (event.type !== 'LocationRegistered' || storedSchemaVersion(stored) >= 2) return event;
  const { data } = stored as unknown as RegisteredV1;
  return { type: event.type, data: { ...data, parentId: null, path: [data.locationId] } };
}
