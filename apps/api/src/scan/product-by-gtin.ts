import { toGtin14 } from '@serial/domain';
import type { ReadStore } from '@serial/read-models';

export const PRODUCT_BY_GTIN = Symbol('PRODUCT_BY_GTIN');

/** Which product a scanned GTIN belongs to (API.md: "the product whose `gtin` matches"). */
export interface ProductByGtin {
  /** Any of the GTIN's 8/12/13/14-digit forms; null when no product has it. */
  findProductIdByGtin(gtin: string): Promise<string | null>;
}

export class ReadStoreProductByGtin implements ProductByGtin {
  constructor(private readonly readStore: Pick<ReadStore, 'findProductByGtin'>) {}

  async findProductIdByGtin(gtin: string): Promise<string | null> {
    const product = await this.readStore.findProductByGtin(toGtin14(gtin));
    return product?.id ?? null;
  }
}
