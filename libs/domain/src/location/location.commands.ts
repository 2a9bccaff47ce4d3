import type { LocationType } from '../shared/master-data';

export type RegisterLocation = {
  type: 'RegisterLocation';
  data: { locationId: string; name: string; locationType: LocationType; parentId?: string };
};
export type RenameLocation = { type: 'RenameLocation'; data: { locationId: string; name: string } };

export type LocationCommand = RegisterLocation | RenameLocation;
