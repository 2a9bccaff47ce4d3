import { Logger } from '@nestjs/common';

export const PRODUCT_BY_GTIN = Symbol('PRODUCT_BY_GTIN');

/** Which product a scanned GTIN belongs to (API.md: "the product whose `gtin` matches"). */
export interface ProductByGtin {
  /** Any of the GTIN's 8/12/13/14-digit forms; null when no product has it. */
  findProductIdByGtin(gtin: string): Promise<string | null>;
}

/**
 * What the lookup needs from the read store. Structural on purpose: the ReadStore port does not
 * have the method yet, and this keeps the scan feature from depending on when it arrives.
 */
export interface ProductsByGtinSource {
  /** `gtin14` is 14 digits; matches the product whose gtin, left-padded with zeros to 14, equals it. */
  findProductByGtin(gtin14: string): Promise<{ id: string } | null>;
}

/** GTIN-8/12/13 are GTIN-14 with leading zeros dropped, so products and scans compare as 14 digits. */
export const toGtin14 = (gtin: string): string => gtin.padStart(14, '0');

export class ReadStoreProductByGtin implements ProductByGtin {
  constructor(private readonly source: ProductsByGtinSource) {}

  async findProductIdByGtin(gtin: string): Promise<string | null> {
    const product = await this.source.findProductByGtin(toGtin14(gtin));
    return product?.id ?? null;
  }
}

function canFindProductByGtin(store: unknown): store is ProductsByGtinSource {
  return (
    typeof store === 'object' &&
    store !== null &&
    typeof (store as Partial<ProductsByGtinSource>).findProductByGtin === 'function'
  );
}

/**
 * The PRODUCT_BY_GTIN factory. A read store that cannot look GTINs up yet (or none at all) leaves
 * scans working without `productId` rather than failing every scan; start-up says so once.
 */
export function productByGtinFrom(readStore: unknown): ProductByGtin {
  if (canFindProductByGtin(readStore)) return new ReadStoreProductByGtin(readStore);
  new Logger('ScanModule').warn(
    'The read store has no findProductByGtin: POST /v1/scan answers without productId until it does',
  );
  return { findProductIdByGtin: () => Promise.resolve(null) };
}
