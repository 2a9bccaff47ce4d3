import { toGtin14, type ProductEvent } from '@serial/domain';
import type { ProductDocument } from '../read-store.port';
import { alreadyApplied, occurredAt, type RecordedProjectionEvent } from './projected-event';

export const PRODUCT_EVENT_TYPES: readonly ProductEvent['type'][] = ['ProductRegistered', 'ProductUpdated'];

/** Stored and compared as 14 digits (API.md); events stored before that may hold 8, 12 or 13. */
const gtin14 = (gtin: string | null): string | null => (gtin === null ? null : toGtin14(gtin));

/**
 * Folds a product event into the product's document; the first-serial marker changes nothing shown. An update for a product the view does not know
 * (impossible in a valid stream) and an event the document already holds change nothing.
 */
export function evolveProductDocument(
  document: ProductDocument | null,
  event: RecordedProjectionEvent,
): ProductDocument | null {
  if (alreadyApplied(document, event)) return document;
  const productEvent = event as unknown as ProductEvent;
  const at = occurredAt(event);
  const position = event.position.toString();
  switch (productEvent.type) {
    case 'ProductRegistered': {
      const { productId, sku, name, productType, tracking, gtin, warrantyMonths, serialFormat } =
        productEvent.data;
      return {
        id: productId,
        sku,
        name,
        type: productType,
        tracking,
        gtin: gtin14(gtin),
        warrantyMonths,
        // A version 1 event has none.
        serialFormat: serialFormat ?? null,
        createdAt: at,
        updatedAt: at,
        position,
      };
    }
    case 'ProductUpdated': {
      if (!document) return null;
      const { name, tracking, gtin, warrantyMonths, serialFormat } = productEvent.data;
      return {
        ...document,
        name: name ?? document.name,
        tracking: tracking ?? document.tracking,
        gtin: gtin === undefined ? document.gtin : gtin14(gtin),
        warrantyMonths: warrantyMonths === undefined ? document.warrantyMonths : warrantyMonths,
        serialFormat: serialFormat === undefined ? document.serialFormat : serialFormat,
        updatedAt: at,
        position,
      };
    }
    default:
      return document;
  }
}
