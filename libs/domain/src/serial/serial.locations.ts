import { foldLocationStream, type LocationState } from '../location/location.decider';
import type { StreamsRead } from '../shared/command-streams';
import type { StoredEvent } from '../shared/recorded';
import { locationStreamId } from '../shared/stream-ids';

/**
 * Where a serial's stream last put it: the destination of its last move, or null when it never moved.
 * Read off the events without folding them, so that a command of 10,000 serials does not fold twice.
 */
export function lastLocationOf(events: readonly StoredEvent[]): string | null {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const to = events[index].data.toLocationId;
    if (typeof to === 'string') return to;
  }
  return null;
}

/** The distinct current locations of the serials whose streams are given, in first-seen order. */
export function currentLocationIds(serialStreams: Iterable<readonly StoredEvent[]>): string[] {
  const ids = new Set<string>();
  for (const events of serialStreams) {
    const locationId = lastLocationOf(events);
    if (locationId !== null) ids.add(locationId);
  }
  return [...ids];
}

/** Each location folded from the streams read; one that was not read, or has no events, is unregistered. */
export function foldLocations(
  streams: StreamsRead,
  locationIds: Iterable<string>,
): Map<string, LocationState> {
  const locations = new Map<string, LocationState>();
  for (const id of locationIds)
    locations.set(id, foldLocationStream(streams.get(locationStreamId(id)) ?? []));
  return locations;
}
