import type { Document, Filter } from 'mongodb';
import type {
  LocationFilter,
  MovementFilter,
  SerialFilter,
  StockQuery,
  WarrantyQuery,
} from '../read-store.port';
import type { MovementRecord, SerialRecord } from './records';

/**
 * The filters, sorts and pipelines of the queries, built apart from the driver so that they can be
 * checked without a server. Every value from a request goes in as `$eq`: a value that is not a plain
 * string can then never act as an operator.
 */
const SERIAL_FIELDS: readonly (keyof SerialFilter)[] = [
  'productId',
  'serialNumber',
  'locationId',
  'status',
  'state',
  'customerId',
  'reference',
];

export const SERIAL_ORDER = { productId: 1, serialNumber: 1 } as const;
export const ID_ORDER = { _id: 1 } as const;

/**
 * Equality on each field given, and past the cursor's (productId, serialNumber) in index order. Within
 * a location (`includeChildren`) is equality on an element of `locationPath`, on its multikey index
 * (locationPath, productId, serialNumber): every serial whose path names the location, already in the
 * list's order.
 */
export function serialListFilter(
  filter: SerialFilter,
  after: readonly string[] | null,
): Filter<SerialRecord> {
  const query: Document = {};
  for (const field of SERIAL_FIELDS) {
    if (filter[field] !== undefined) query[field] = { $eq: filter[field] };
  }
  if (filter.includeChildren && filter.locationId !== undefined) {
    delete query.locationId;
    query.locationPath = { $eq: filter.locationId };
  }
  if (after) {
    const [productId, serialNumber] = after;
    query.$or = [
      { productId: { $gt: productId } },
      { productId: { $eq: productId }, serialNumber: { $gt: serialNumber } },
    ];
  }
  return query as Filter<SerialRecord>;
}

export function movementListFilter(
  filter: MovementFilter,
  after: readonly string[] | null,
): Filter<MovementRecord> {
  const query: Document = {};
  if (filter.status !== undefined) query.status = { $eq: filter.status };
  if (filter.reference !== undefined) query.reference = { $eq: filter.reference };
  if (after) query._id = { $gt: after[0] };
  return query as Filter<MovementRecord>;
}

export function afterIdFilter(after: readonly string[] | null): Document {
  return after ? { _id: { $gt: after[0] } } : {};
}

/** By id, only the direct children of `parentId` when given (index by_parent). */
export function locationListFilter(filter: LocationFilter, after: readonly string[] | null): Document {
  return {
    ...(filter.parentId === undefined ? {} : { parentId: { $eq: filter.parentId } }),
    ...afterIdFilter(after),
  };
}

/**
 * Stock per (location, product) from the serials themselves: everything on hand in an internal
 * location is exactly status available or reserved there; within a location, on the locationPath
 * index. Ordered by location, then product.
 */
export function stockPipeline(query: StockQuery): Document[] {
  const match: Document = { locationType: { $eq: 'internal' } };
  if (query.productId !== undefined) match.productId = { $eq: query.productId };
  if (query.locationId !== undefined) {
    match[query.includeChildren ? 'locationPath' : 'locationId'] = { $eq: query.locationId };
  }
  const count = (status: string) => ({ $sum: { $cond: [{ $eq: ['$status', status] }, 1, 0] } });
  return [
    { $match: match },
    {
      $group: {
        _id: { locationId: '$locationId', productId: '$productId' },
        available: count('available'),
        reserved: count('reserved'),
        onHand: { $sum: 1 },
      },
    },
    { $sort: { '_id.locationId': 1, '_id.productId': 1 } },
    {
      $project: {
        _id: 0,
        productId: '$_id.productId',
        locationId: '$_id.locationId',
        available: 1,
        reserved: 1,
        onHand: 1,
      },
    },
  ];
}

/**
 * Active at `now` (started, not yet ended, the unit neither scrapped nor written off), ending before
 * `expiringBefore`, optionally at one customer, past the cursor's (end, productId, serialNumber); on
 * the warrantyEnd index.
 */
export function warrantyFilter(
  query: WarrantyQuery,
  after: readonly [Date, string, string] | null,
): Filter<SerialRecord> {
  const filter: Document = {
    warrantyEnd: { $lt: query.expiringBefore, $gt: query.now },
    warrantyStart: { $lte: query.now },
    state: { $nin: ['scrapped', 'written_off'] },
  };
  if (query.customerId !== undefined) filter.customerId = { $eq: query.customerId };
  if (after) {
    const [end, productId, serialNumber] = after;
    filter.$or = [
      { warrantyEnd: { $gt: end } },
      { warrantyEnd: { $eq: end }, productId: { $gt: productId } },
      { warrantyEnd: { $eq: end }, productId: { $eq: productId }, serialNumber: { $gt: serialNumber } },
    ];
  }
  return filter as Filter<SerialRecord>;
}

export const WARRANTY_ORDER = { warrantyEnd: 1, productId: 1, serialNumber: 1 } as const;

export function gtinFilter(gtin14: string): Document {
  return { gtin14: { $eq: gtin14 } };
}

/** One more than asked for tells whether another page follows without counting. */
export function pageSizePlusOne(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Limit ${limit} is not a page size`);
  return limit + 1;
}
