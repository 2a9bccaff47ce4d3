import type { LocationEvent, ProductEvent } from '@serial/domain';
import type { LocationDocument, ProductDocument } from '../read-store.port';
import { projectionSpecification, recordedAtPosition as at } from '../testing/projection-specification';
import { evolveLocationDocument } from './location-view';
import { evolveProductDocument } from './product-view';

const laptop: ProductEvent = {
  type: 'ProductRegistered',
  data: {
    productId: 'LAPTOP',
    sku: 'LP-1',
    name: 'Laptop',
    productType: 'storable',
    tracking: 'serial',
    gtin: '04012345000001',
    warrantyMonths: 24,
    serialFormat: null,
  },
};
const updated = (data: Omit<Extract<ProductEvent, { type: 'ProductUpdated' }>['data'], 'productId'>) =>
  ({ type: 'ProductUpdated', data: { productId: 'LAPTOP', ...data } }) as ProductEvent;

describe('product view projection', () => {
  const given = projectionSpecification<ProductEvent, ProductDocument>(
    (log, event) => log.product(event),
    evolveProductDocument,
  );

  it('ProductRegistered: the product as registered, created and updated when it happened', () => {
    given()
      .when(laptop)
      .then({
        id: 'LAPTOP',
        sku: 'LP-1',
        name: 'Laptop',
        type: 'storable',
        tracking: 'serial',
        gtin: '04012345000001',
        warrantyMonths: 24,
        createdAt: at(1),
        updatedAt: at(1),
        position: '1',
      });
  });

  it('ProductUpdated: changes only the fields it names; null clears one', () => {
    given(laptop)
      .when(updated({ name: 'Laptop Pro', gtin: null }))
      .then({ name: 'Laptop Pro', gtin: null, warrantyMonths: 24, createdAt: at(1), updatedAt: at(2) });
  });

  it('shows a GTIN stored before normalisation as its 14 digits', () => {
    given({ ...laptop, data: { ...laptop.data, gtin: '4012345000001' } } as ProductEvent)
      .when(updated({ gtin: '12345670' }))
      .then({ gtin: '00000012345670' });
  });

  it('ProductFirstSerialCreated: nothing shown changes', () => {
    given(laptop)
      .when({ type: 'ProductFirstSerialCreated', data: { productId: 'LAPTOP', serialNumber: 'SN-1' } })
      .then({ updatedAt: at(1), position: '1' });
  });

  it('ProductUpdated for a product it does not know: nothing', () => {
    given()
      .when(updated({ name: 'Ghost' }))
      .thenNull();
  });

  it('ignores an event it already holds', () => {
    given(laptop, updated({ name: 'Laptop Pro' }))
      .whenReplayed(1)
      .thenUnchanged();
    given(laptop, updated({ name: 'Laptop Pro' }))
      .whenReplayed(0)
      .thenUnchanged();
  });

  it('dates a product by when it happened, or when it was recorded if that is missing', () => {
    const given = projectionSpecification<ProductEvent, ProductDocument>(
      (log, event) => log.product(event, { occurredAt: undefined as unknown as string }),
      evolveProductDocument,
    );
    given()
      .when(laptop)
      .then({ createdAt: at(1) });
    const withOccurredAt = projectionSpecification<ProductEvent, ProductDocument>(
      (log, event) => log.product(event, { occurredAt: '2020-01-01T00:00:00.000Z' }),
      evolveProductDocument,
    );
    withOccurredAt().when(laptop).then({ createdAt: '2020-01-01T00:00:00.000Z' });
  });
});

describe('location view projection', () => {
  const given = projectionSpecification<LocationEvent, LocationDocument>(
    (log, event) => log.location(event),
    evolveLocationDocument,
  );
  const stock: LocationEvent = {
    type: 'LocationRegistered',
    data: {
      locationId: 'WH/Stock',
      name: 'Stock',
      locationType: 'internal',
      parentId: null,
      path: ['WH/Stock'],
    },
  };

  it('LocationRegistered: the location with its type', () => {
    given()
      .when(stock)
      .then({ id: 'WH/Stock', name: 'Stock', type: 'internal', createdAt: at(1), position: '1' });
  });

  it('ignores an event it already holds', () => {
    given(stock).whenReplayed(0).thenUnchanged();
  });
});
