import type { StockRow } from './read-store.port';

/**
 * Rows per (location, product) summed per product, by product: what `groupBy=product` answers, with
 * `locationId` the location asked for, or null for all internal locations. Shared by the adapters,
 * which group per location in the store, where their indexes serve it.
 */
export function stockByProduct(rows: readonly StockRow[], locationId: string | null): StockRow[] {
  const byProduct = new Map<string, StockRow>();
  for (const row of rows) {
    const sum = byProduct.get(row.productId) ?? {
      productId: row.productId,
      locationId,
      available: 0,
      reserved: 0,
      onHand: 0,
    };
    sum.available += row.available;
    sum.reserved += row.reserved;
    sum.onHand += row.onHand;
    byProduct.set(row.productId, sum);
  }
  return [...byProduct.values()].sort((a, b) =>
    a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0,
  );
}
