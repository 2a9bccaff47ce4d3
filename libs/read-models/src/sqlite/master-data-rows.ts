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
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  position: row.position.toString(),
});

export const LOCATION_COLUMNS = ['id', 'name', 'type', 'created_at', 'position'] as const;

export interface LocationRow {
  id: string;
  name: string;
  type: string;
  created_at: string;
  position: SqlInteger;
}

export const locationParams = (document: LocationDocument): unknown[] => [
  document.id,
  document.name,
  document.type,
  document.createdAt,
  BigInt(document.position),
];

export const locationFromRow = (row: LocationRow): LocationDocument => ({
  id: row.id,
  name: row.name,
  type: row.type as LocationType,
  createdAt: row.created_at,
  position: row.position.toString(),
});
