import { deciderSpecification } from '../testing/decider-specification';
import { decideLocation, evolveLocation, foldLocationStream, initialLocationState } from './location.decider';
import type { LocationRegistered } from './location.events';

const registered = (
  locationId: string,
  path: string[] = [locationId],
  locationType: LocationRegistered['data']['locationType'] = 'internal',
): LocationRegistered => ({
  type: 'LocationRegistered',
  data: {
    locationId,
    name: locationId,
    locationType,
    parentId: path.length > 1 ? path[path.length - 2] : null,
    path,
  },
});
const stock = registered('WH/Stock');
const zone = registered('WH/Stock/A', ['WH/Stock', 'WH/Stock/A']);
const folded = (...events: LocationRegistered[]) => events.reduce(evolveLocation, initialLocationState);

/** Given the location's own events, when a command, with the parent's events beside it. */
const spec = (parent: LocationRegistered[] = []) =>
  deciderSpecification({
    decide: (command: Parameters<typeof decideLocation>[0], state: Parameters<typeof decideLocation>[1]) =>
      decideLocation(command, state, folded(...parent)),
    evolve: evolveLocation,
    initialState: () => initialLocationState,
  });
const register = (
  locationId: string,
  parentId?: string,
  locationType: 'internal' | 'customer' = 'internal',
) => ({
  type: 'RegisterLocation' as const,
  data: { locationId, name: locationId, locationType, ...(parentId === undefined ? {} : { parentId }) },
});

describe('locations', () => {
  it('registers a location without a parent as the root of a tree of one, once', () => {
    spec()([]).when(register('WH/Stock')).then([stock]);
    spec()([stock]).when(register('WH/Stock')).thenThrows('LOCATION_ALREADY_EXISTS');
  });

  it("registers a child below its parent: the path is the parent's, then its own id", () => {
    spec([stock])([]).when(register('WH/Stock/A', 'WH/Stock')).then([zone]);
    spec([zone])([])
      .when(register('WH/Stock/A/01', 'WH/Stock/A'))
      .then([registered('WH/Stock/A/01', ['WH/Stock', 'WH/Stock/A', 'WH/Stock/A/01'])]);
  });

  it('refuses a parent that does not exist, or one of another type', () => {
    spec()([]).when(register('WH/Stock/A', 'WH/Nowhere')).thenThrows('LOCATION_NOT_FOUND');
    spec([stock])([])
      .when(register('Partners/ACME', 'WH/Stock', 'customer'))
      .thenThrows('INVALID_LOCATION_PARENT');
  });

  it('keeps a tree within 16 levels', () => {
    const path15 = Array.from({ length: 15 }, (_, i) => `L${i}`);
    const level15 = registered('L14', path15);
    spec([level15])([])
      .when(register('L15', 'L14'))
      .then([registered('L15', [...path15, 'L15'])]);
    const level16 = registered('L15', [...path15, 'L15']);
    spec([level16])([]).when(register('L16', 'L15')).thenThrows('INVALID_LOCATION_PARENT');
  });

  it('renames a location, keeping its parent and path; an unknown one is not found', () => {
    const rename = { type: 'RenameLocation' as const, data: { locationId: 'WH/Stock/A', name: 'Zone A' } };
    spec()([zone])
      .when(rename)
      .then([{ type: 'LocationRenamed', data: rename.data }]);
    expect(folded(zone, ...([{ type: 'LocationRenamed', data: rename.data }] as never[]))).toMatchObject({
      name: 'Zone A',
      path: ['WH/Stock', 'WH/Stock/A'],
    });
    spec()([]).when(rename).thenThrows('NOT_FOUND');
  });

  it('reads a location stored before trees (schema version 1) as a root', () => {
    const v1 = {
      type: 'LocationRegistered',
      data: { locationId: 'WH/Old', name: 'Old', locationType: 'internal' },
      metadata: { schemaVersion: '1' },
    };
    expect(foldLocationStream([v1])).toEqual({
      status: 'registered',
      locationId: 'WH/Old',
      name: 'Old',
      locationType: 'internal',
      parentId: null,
      path: ['WH/Old'],
    });
  });
});
