import type { LocationType, ProductType, TrackingMode } from '@serial/domain';
import type { LocationDocument, ProductDocument } from '../read-store.port';
import { integerOrNull, type SqlInteger } from './sql';

export const PRODUCT_COLUMNS = [
  'id',
  'sku',
  'name',
  'type',
  'tracking',
  'gtin',
  'warranty_months',
  'serial_format',
  'created_at',
  'updated_at',
  'position',
] as const;

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  type: string;
  tracking: string;
  gtin: string | null;
  warranty_months: SqlInteger | null;
  serial_format: string | null;
  created_at: string;
  updated_at: string;
  position: SqlInteger;
}

export const productParams = (document: ProductDocument): unknown[] => [
  document.id,
  document.sku,
  document.name,
  document.type,
  document.tracking,
  document.gtin,
  document.warrantyMonths,
  document.serialFormat,
  document.createdAt,
  document.updatedAt,
  BigInt(document.position),
];

export const productFromRow = (row: ProductRow): ProductDocument => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  type: row.type as ProductType,
  tracking: row.tracking as TrackingMode,
  gtin: row.gtin,
  warrantyMonths: integerOrNull(row.warranty_months),
  serialFormat: row.serial_format,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  position: row.position.toString(),
});

export const LOCATION_COLUMNS = [
  'id',
  'name',
  'type',
  'parent_id',
  'path',
  'path_key',
  'created_at',
  'updated_at',
  'position',
] as const;

export interface LocationRow {
  id: string;
  name: string;
  type: string;
  parent_id: string | null;
  /** JSON array of ids, root first. */
  path: string;
  path_key: string;
  created_at: string;
  updated_at: string;
  position: SqlInteger;
}

/**
 * The path as one string that sorts with its subtree: each id followed by U+001F, which no id holds
 * (ids are [A-Za-z0-9._:/-]) and which sorts below every character they do hold. A location's
 * subtree is then exactly the keys from its own key up to that key with its last separator raised
 * by one: a range on an index.
 */
export const pathKey = (path: readonly string[]): string => path.map((id) => `${id}\u001f`).join('');

/** [low, high) of the path keys within the location whose key is `key`. */
export const subtreeRange = (key: string): [string, string] => [key, `${key.slice(0, -1)}\u0020`];

export const locationParams = (document: LocationDocument): unknown[] => [
  document.id,
  document.name,
  document.type,
  document.parentId,
  JSON.stringify(document.path),
  pathKey(document.path),
  document.createdAt,
  document.updatedAt,
  BigInt(document.position),
];

export const locationFromRow = (row: LocationRow): LocationDocument => ({
  id: row.id,
  name: row.name,
  type: row.type as LocationType,
  parentId: row.parent_id,
  path: JSON.parse(row.path) as string[],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  position: row.position.toString(),
});
