import { DomainError } from '../shared/domain-error';
import type { LocationType } from '../shared/master-data';

export type RegisterLocation = {
  type: 'RegisterLocation';
  data: { locationId: string; name: string; locationType: LocationType };
};
export type LocationCommand = RegisterLocation;

export type LocationRegistered = {
  type: 'LocationRegistered';
  data: { locationId: string; name: string; locationType: LocationType };
};
export type LocationEvent = LocationRegistered;

export type LocationState =
  | { status: 'unregistered' }
  | { status: 'registered'; locationId: string; name: string; locationType: LocationType };

export const initialLocationState: LocationState = { status: 'unregistered' };

export function evolveLocation(_state: LocationState, event: LocationEvent): LocationState {
  return { status: 'registered', ...event.data };
}

export function decideLocation(command: LocationCommand, state: LocationState): LocationEvent[] {
  if (state.status === 'registered') {
    throw new DomainError('LOCATION_ALREADY_EXISTS', `Location ${command.data.locationId} already exists`);
  }
  return [{ type: 'LocationRegistered', data: command.data }];
}
