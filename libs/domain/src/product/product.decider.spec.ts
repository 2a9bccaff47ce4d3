import { deciderSpecification } from '../testing/decider-specification';
import { decideLocation, evolveLocation, initialLocationState } from '../location/location.decider';
import { decideProduct, evolveProduct, initialProductState } from './product.decider';
import type { ProductRegistered } from './product.events';

const productSpec = deciderSpecification({
  decide: decideProduct,
  evolve: evolveProduct,
  initialState: () => initialProductState,
});
const registered: ProductRegistered = {
  type: 'ProductRegistered',
  data: {
    productId: 'P1',
    sku: 'S1',
    name: 'Drill',
    productType: 'storable',
    tracking: 'serial',
    gtin: null,
    warrantyMonths: 12,
    serialFormat: null,
  },
};
const register = (
  productType: 'storable' | 'consumable' | 'service',
  tracking: 'none' | 'lot' | 'serial',
) => ({
  type: 'RegisterProduct' as const,
  data: { productId: 'P1', sku: 'S1', name: 'Drill', productType, tracking, warrantyMonths: 12 },
});

describe('products', () => {
  it('registers a product', () => productSpec([]).when(register('storable', 'serial')).then([registered]));

  it('refuses a second registration of the same id', () =>
    productSpec([registered]).when(register('storable', 'serial')).thenThrows('PRODUCT_ALREADY_EXISTS'));

  it('allows serial tracking only for storable products, at registration and on update', () => {
    productSpec([]).when(register('consumable', 'serial')).thenThrows('TRACKING_REQUIRES_STORABLE');
    productSpec([{ ...registered, data: { ...registered.data, productType: 'service', tracking: 'none' } }])
      .when({ type: 'UpdateProduct', data: { productId: 'P1', tracking: 'serial' } })
      .thenThrows('TRACKING_REQUIRES_STORABLE');
  });

  it('updates only the fields given', () =>
    productSpec([registered])
      .when({ type: 'UpdateProduct', data: { productId: 'P1', name: 'Hammer drill', gtin: undefined } })
      .then([{ type: 'ProductUpdated', data: { productId: 'P1', name: 'Hammer drill' } }]));

  it('keeps the tracking of a product that has serials, and changes it before', () => {
    const firstSerial = {
      type: 'ProductFirstSerialCreated' as const,
      data: { productId: 'P1', serialNumber: 'SN-1' },
    };
    const toNone = { type: 'UpdateProduct' as const, data: { productId: 'P1', tracking: 'none' as const } };
    productSpec([registered, firstSerial]).when(toNone).thenThrows('PRODUCT_HAS_SERIALS');
    productSpec([registered])
      .when(toNone)
      .then([{ type: 'ProductUpdated', data: { productId: 'P1', tracking: 'none' } }]);
    productSpec([registered, firstSerial])
      .when({ type: 'UpdateProduct', data: { productId: 'P1', tracking: 'serial', name: 'Drill 2' } })
      .then([{ type: 'ProductUpdated', data: { productId: 'P1', tracking: 'serial', name: 'Drill 2' } }]);
  });

  it('stores a GTIN as its 14 digits, on registration and on update', () => {
    productSpec([])
      .when({
        ...register('storable', 'serial'),
        data: { ...register('storable', 'serial').data, gtin: '12345670' },
      })
      .then([{ ...registered, data: { ...registered.data, gtin: '00000012345670' } }]);
    productSpec([registered])
      .when({ type: 'UpdateProduct', data: { productId: 'P1', gtin: '9506000134352' } })
      .then([{ type: 'ProductUpdated', data: { productId: 'P1', gtin: '09506000134352' } }]);
  });

  it('cannot update a product that does not exist', () =>
    productSpec([])
      .when({ type: 'UpdateProduct', data: { productId: 'P1', name: 'x' } })
      .thenThrows('NOT_FOUND'));
});

describe('locations', () => {
  const locationSpec = deciderSpecification({
    decide: decideLocation,
    evolve: evolveLocation,
    initialState: () => initialLocationState,
  });
  const data = { locationId: 'WH/A', name: 'A', locationType: 'internal' as const };
  const registered = {
    type: 'LocationRegistered' as const,
    data: { ...data, parentId: null, path: ['WH/A'] },
  };

  it('registers a location once, as a root of its own tree', () => {
    locationSpec([]).when({ type: 'RegisterLocation', data }).then([registered]);
    locationSpec([registered]).when({ type: 'RegisterLocation', data }).thenThrows('LOCATION_ALREADY_EXISTS');
  });
});
