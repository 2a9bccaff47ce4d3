import { DomainError } from '../shared/domain-error';
import type { LocationType } from '../shared/master-data';
import { foldStored, type StoredEvent } from '../shared/recorded';
import type { LocationCommand } from './location.commands';
import { upcastLocationEvent, type LocationEvent } from './location.events';

export type { LocationCommand, RegisterLocation, RenameLocation } from './location.commands';
export type { LocationEvent, LocationRegistered, LocationRenamed } from './location.events';

/** A warehouse is at most this many levels deep, root included (API.md "Location trees"). */
export const MAX_LOCATION_DEPTH = 16;

export type RegisteredLocationState = {
  status: 'registered';
  locationId: string;
  name: string;
  locationType: LocationType;
  parentId: string | null;
  /** The ids from the root down to this location; it never changes, since the parent never does. */
  path: readonly string[];
};

export type LocationState = { status: 'unregistered' } | RegisteredLocationState;

export const initialLocationState: LocationState = { status: 'unregistered' };

export function evolveLocation(state: LocationState, event: LocationEvent): LocationState {
  switch (event.type) {
    case 'LocationRegistered':
      return { status: 'registered', ...event.data };
    case 'LocationRenamed':
      return state.status === 'registered' ? { ...state, name: event.data.name } : state;
    default:
      return state;
  }
}

/** Folds a location's stream as stored: each event upcast to the current shape. */
export function foldLocationStream(events: readonly StoredEvent[]): LocationState {
  return foldStored(events.map(upcastLocationEvent), evolveLocation, initialLocationState);
}

/**
 * `parent` is the state of the location the command names as parent (unregistered when it names
 * none, or one that does not exist).
 */
export function decideLocation(
  command: LocationCommand,
  state: LocationState,
  parent: LocationState = initialLocationState,
): LocationEvent[] {
  const { locationId } = command.data;
  switch (command.type) {
    case 'RegisterLocation': {
      if (state.status === 'registered') {
        throw new DomainError('LOCATION_ALREADY_EXISTS', `Location ${locationId} already exists`);
      }
      const { parentId, ...data } = command.data;
      if (parentId === undefined) {
        return [{ type: 'LocationRegistered', data: { ...data, parentId: null, path: [locationId] } }];
      }
      const path = [...childPath(parent, parentId, data.locationType), locationId];
      return [{ type: 'LocationRegistered', data: { ...data, parentId, path } }];
    }
    case 'RenameLocation':
      if (state.status !== 'registered') {
        throw new DomainError('NOT_FOUND', `Location ${locationId} does not exist`);
      }
      return [{ type: 'LocationRenamed', data: command.data }];
    default: {
      const exhaustive: never = command;
      throw new Error(`Unknown command ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** A child takes its parent's type and lies one level below it, within the depth limit. */
function childPath(parent: LocationState, parentId: string, type: LocationType): readonly string[] {
  if (parent.status !== 'registered') {
    throw new DomainError('LOCATION_NOT_FOUND', `Parent location ${parentId} does not exist`);
  }
  if (parent.locationType !== type) {
    throw new DomainError(
      'INVALID_LOCATION_PARENT',
      `Parent location ${parentId} is of type ${parent.locationType}; a location of type ${type} needs a parent of the same type`,
    );
  }
  if (parent.path.length >= MAX_LOCATION_DEPTH) {
    throw new DomainError(
      'INVALID_LOCATION_PARENT',
      `Parent location ${parentId} is ${parent.path.length} levels deep; a tree is at most ${MAX_LOCATION_DEPTH}`,
    );
  }
  return parent.path;
}
