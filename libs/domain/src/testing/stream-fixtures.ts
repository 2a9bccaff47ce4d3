import { locationStreamId, productStreamId } from '../shared/stream-ids';
import type { StoredEvent } from '../shared/recorded';
import type { ProductRegistered } from '../product/product.events';
import { FIXTURE_LOCATIONS, locationRegistered, productRegistered } from './serial-fixtures';

/** The fixture locations and the given products (the fixture LAPTOP when none), as stored streams. */
export function masterDataStreams(
  ...products: Partial<ProductRegistered['data']>[]
): Record<string, StoredEvent[]> {
  const streams: Record<string, StoredEvent[]> = {};
  for (const [locationId, locationType] of FIXTURE_LOCATIONS) {
    streams[locationStreamId(locationId)] = [locationRegistered(locationId, locationType)];
  }
  for (const overrides of products.length > 0 ? products : [{}]) {
    const registered = productRegistered(overrides);
    streams[productStreamId(registered.data.productId)] = [registered];
  }
  return streams;
}
