import { commandStreamsSpecification } from '../testing/decider-specification';
import { NOW, product, productRegistered } from '../testing/serial-fixtures';
import { locationCommandStreams } from '../location/location.streams';
import type { LocationCommand } from '../location/location.decider';
import type { ProductCommand } from './product.commands';
import { productCommandStreams } from './product.streams';

describe('the streams of a product or location command', () => {
  const productSpec = commandStreamsSpecification(
    (command: ProductCommand) => productCommandStreams(command),
    NOW,
  );
  const update: ProductCommand = { type: 'UpdateProduct', data: { productId: 'LAPTOP', warrantyMonths: 24 } };

  it("reads and writes the product's own stream, giving the product after", () => {
    productSpec({}).when(update).thenReads(['product-LAPTOP']);
    productSpec({ 'product-LAPTOP': [productRegistered()] })
      .when(update)
      .then({
        events: [
          ['product-LAPTOP', [{ type: 'ProductUpdated', data: { productId: 'LAPTOP', warrantyMonths: 24 } }]],
        ],
        result: product({ warrantyMonths: 24 }),
      });
    productSpec({}).when(update).thenThrows('NOT_FOUND');
  });

  it("reads and writes the location's own stream, giving the location after", () => {
    const locationSpec = commandStreamsSpecification(
      (command: LocationCommand) => locationCommandStreams(command),
      NOW,
    );
    const data = { locationId: 'WH/A', name: 'A', locationType: 'internal' as const };
    const register: LocationCommand = { type: 'RegisterLocation', data };
    locationSpec({}).when(register).thenReads(['location-WH/A']);
    locationSpec({})
      .when(register)
      .then({
        events: [['location-WH/A', [{ type: 'LocationRegistered', data }]]],
        result: { status: 'registered', ...data },
      });
    locationSpec({ 'location-WH/A': [{ type: 'LocationRegistered', data }] })
      .when(register)
      .thenThrows('LOCATION_ALREADY_EXISTS');
  });
});
