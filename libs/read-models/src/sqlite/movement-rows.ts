import type { MovementType } from '@serial/domain';
import type { MovementDocument } from '../projections/movement-view';
import type { SqlInteger } from './sql';

export const MOVEMENT_COLUMNS = [
  'id',
  'type',
  'status',
  'from_location_id',
  'to_location_id',
  'reference',
  'partner_id',
  'lines',
  'created_at',
  'validated_at',
  'position',
] as const;

export interface MovementRow {
  id: string;
  type: string;
  status: string;
  from_location_id: string;
  to_location_id: string;
  reference: string | null;
  partner_id: string | null;
  lines: string;
  created_at: string;
  validated_at: string | null;
  position: SqlInteger;
}

export const movementParams = (document: MovementDocument): unknown[] => [
  document.id,
  document.type,
  document.status,
  document.fromLocationId,
  document.toLocationId,
  document.reference,
  document.partnerId,
  JSON.stringify(document.lines),
  document.createdAt,
  document.validatedAt,
  BigInt(document.position),
];

export const movementFromRow = (row: MovementRow): MovementDocument => ({
  id: row.id,
  type: row.type as MovementType,
  status: row.status as MovementDocument['status'],
  fromLocationId: row.from_location_id,
  toLocationId: row.to_location_id,
  reference: row.reference,
  partnerId: row.partner_id,
  lines: JSON.parse(row.lines) as MovementDocument['lines'],
  createdAt: row.created_at,
  validatedAt: row.validated_at,
  position: row.position.toString(),
});
