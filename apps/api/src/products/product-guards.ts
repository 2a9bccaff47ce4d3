import { DomainError, gtinAlreadyUsed, toGtin14, type ProductCommand } from '@serial/domain';
import type { ReadStore } from '@serial/read-models';

/**
 * The product's stream and the gtin-{14} streams guard the master-data rules, race-free, for everything
 * written since they exist. Products, GTINs and serials stored before that carry no marker and no
 * claim, so the read models, which hold them all, are asked too; a lagging read model can only miss
 * what the streams already catch.
 */
export async function checkStoredBeforeGuards(
  command: ProductCommand,
  readStore: Pick<ReadStore, 'findProductByGtin' | 'getProduct' | 'listSerials'>,
): Promise<void> {
  const { productId, gtin, tracking } = command.data;
  if (gtin) {
    const holder = await readStore.findProductByGtin(toGtin14(gtin));
    if (holder && holder.id !== productId) throw gtinAlreadyUsed(toGtin14(gtin), holder.id);
  }
  if (command.type !== 'UpdateProduct' || tracking === undefined) return;
  const product = await readStore.getProduct(productId);
  if (!product || product.tracking === tracking) return;
  const { items } = await readStore.listSerials({ productId }, { limit: 1 });
  if (items.length > 0) {
    throw new DomainError(
      'PRODUCT_HAS_SERIALS',
      `Product ${productId} has serials; its tracking stays '${product.tracking}'`,
    );
  }
}
