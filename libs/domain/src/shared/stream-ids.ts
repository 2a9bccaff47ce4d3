export type SerialUniqueness = 'product' | 'global';

export const productStreamId = (productId: string): string => `product-${productId}`;
export const locationStreamId = (locationId: string): string => `location-${locationId}`;
export const movementStreamId = (movementId: string): string => `movement-${movementId}`;
export const WEBHOOK_STREAM_PREFIX = 'webhook-';
export const webhookStreamId = (webhookId: string): string => `${WEBHOOK_STREAM_PREFIX}${webhookId}`;

/**
 * The serial stream is the uniqueness guard (DESIGN.md): per product by default, or one stream per
 * serial number across products with global uniqueness.
 */
export function serialStreamId(
  uniqueness: SerialUniqueness,
  productId: string,
  serialNumber: string,
): string {
  const key =
    uniqueness === 'global'
      ? encodeURIComponent(serialNumber)
      : `${encodeURIComponent(productId)}:${encodeURIComponent(serialNumber)}`;
  return `serial-${key}`;
}
