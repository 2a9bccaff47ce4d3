import type { SerialFilter } from '../read-store.port';
import {
  afterIdFilter,
  gtinFilter,
  locationListFilter,
  movementListFilter,
  pageSizePlusOne,
  serialListFilter,
  stockPipeline,
  warrantyFilter,
} from './query-documents';

describe('MongoDB query documents', () => {
  it('filters serials by equality on each field given', () => {
    const filter: SerialFilter = {
      productId: 'LAPTOP',
      serialNumber: 'SN-1',
      locationId: 'WH/Stock',
      status: 'reserved',
      customerId: 'C1',
      reference: 'SO-1',
    };

    expect(serialListFilter(filter, null)).toEqual({
      productId: { $eq: 'LAPTOP' },
      serialNumber: { $eq: 'SN-1' },
      locationId: { $eq: 'WH/Stock' },
      status: { $eq: 'reserved' },
      customerId: { $eq: 'C1' },
      reference: { $eq: 'SO-1' },
    });
    expect(serialListFilter({}, null)).toEqual({});
  });

  it('continues after the cursor in (productId, serialNumber) order', () => {
    expect(serialListFilter({ locationId: 'WH/Stock' }, ['LAPTOP', 'SN-7'])).toEqual({
      locationId: { $eq: 'WH/Stock' },
      $or: [
        { productId: { $gt: 'LAPTOP' } },
        { productId: { $eq: 'LAPTOP' }, serialNumber: { $gt: 'SN-7' } },
      ],
    });
  });

  it('keeps a value that is not a string an operand, never an operator', () => {
    const smuggled = { productId: { $ne: null } } as unknown as SerialFilter;
    expect(serialListFilter(smuggled, null)).toEqual({ productId: { $eq: { $ne: null } } });
  });

  it('filters movements by status and reference, after the cursor by id', () => {
    expect(movementListFilter({ status: 'done', reference: 'BILL-1' }, ['M7'])).toEqual({
      status: { $eq: 'done' },
      reference: { $eq: 'BILL-1' },
      _id: { $gt: 'M7' },
    });
    expect(movementListFilter({}, null)).toEqual({});
    expect(afterIdFilter(['P1'])).toEqual({ _id: { $gt: 'P1' } });
    expect(afterIdFilter(null)).toEqual({});
  });

  it('counts stock with one pipeline: internal serials grouped by location and product, in that order', () => {
    expect(stockPipeline({ productId: 'LAPTOP', locationId: 'WH/Stock' })).toEqual([
      {
        $match: {
          locationType: { $eq: 'internal' },
          productId: { $eq: 'LAPTOP' },
          locationId: { $eq: 'WH/Stock' },
        },
      },
      {
        $group: {
          _id: { locationId: '$locationId', productId: '$productId' },
          available: { $sum: { $cond: [{ $eq: ['$status', 'available'] }, 1, 0] } },
          reserved: { $sum: { $cond: [{ $eq: ['$status', 'reserved'] }, 1, 0] } },
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
    ]);
    expect(stockPipeline({})[0]).toEqual({ $match: { locationType: { $eq: 'internal' } } });
  });

  it('takes a location with its children as an element of locationPath, on the multikey index', () => {
    expect(
      serialListFilter({ locationId: 'WH/Stock', includeChildren: true, status: 'available' }, null),
    ).toEqual({
      status: { $eq: 'available' },
      locationPath: { $eq: 'WH/Stock' },
    });
    expect(stockPipeline({ locationId: 'WH/Stock', includeChildren: true })[0]).toEqual({
      $match: { locationType: { $eq: 'internal' }, locationPath: { $eq: 'WH/Stock' } },
    });
    expect(locationListFilter({ parentId: 'WH/Stock' }, ['WH/Stock/A'])).toEqual({
      parentId: { $eq: 'WH/Stock' },
      _id: { $gt: 'WH/Stock/A' },
    });
    expect(locationListFilter({}, null)).toEqual({});
  });

  it('finds warranties active now and ending before the date, on the warrantyEnd dates', () => {
    const expiringBefore = new Date('2027-12-31T00:00:00Z');
    const now = new Date('2026-06-01T00:00:00Z');
    const active = {
      warrantyEnd: { $lt: expiringBefore, $gt: now },
      warrantyStart: { $lte: now },
      state: { $nin: ['scrapped', 'written_off'] },
    };
    expect(warrantyFilter({ expiringBefore, now }, null)).toEqual(active);
    const end = new Date('2027-01-01T00:00:00Z');
    expect(warrantyFilter({ expiringBefore, now, customerId: 'C1' }, [end, 'P', 'SN-1'])).toEqual({
      ...active,
      customerId: { $eq: 'C1' },
      $or: [
        { warrantyEnd: { $gt: end } },
        { warrantyEnd: { $eq: end }, productId: { $gt: 'P' } },
        { warrantyEnd: { $eq: end }, productId: { $eq: 'P' }, serialNumber: { $gt: 'SN-1' } },
      ],
    });
  });

  it('looks a product up by its padded GTIN', () => {
    expect(gtinFilter('04012345000001')).toEqual({ gtin14: { $eq: '04012345000001' } });
  });

  it('asks for one more item than the page holds, and refuses a limit that is not a page size', () => {
    expect(pageSizePlusOne(100)).toBe(101);
    expect(() => pageSizePlusOne(0)).toThrow(RangeError);
    expect(() => pageSizePlusOne(1.5)).toThrow(RangeError);
  });
});
