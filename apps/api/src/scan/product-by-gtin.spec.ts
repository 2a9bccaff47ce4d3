import { ReadStoreProductByGtin } from './product-by-gtin';

/** A store that matches the way the port is asked to: on the gtin left-padded to 14 digits. */
function storeWith(products: { id: string; gtin: string }[]) {
  const asked: string[] = [];
  return {
    asked,
    findProductByGtin: (gtin14: string) => {
      asked.push(gtin14);
      const product = products.find((p) => p.gtin.padStart(14, '0') === gtin14);
      return Promise.resolve(product ? ({ id: product.id } as never) : null);
    },
  };
}

describe('product by GTIN', () => {
  it('asks the store with the 14-digit form, whatever form it is given', async () => {
    const store = storeWith([{ id: 'SCANNER', gtin: '9506000134352' }]);
    const lookup = new ReadStoreProductByGtin(store);

    await expect(lookup.findProductIdByGtin('09506000134352')).resolves.toBe('SCANNER');
    await expect(lookup.findProductIdByGtin('9506000134352')).resolves.toBe('SCANNER');
    await expect(lookup.findProductIdByGtin('12345670')).resolves.toBeNull();
    expect(store.asked).toEqual(['09506000134352', '09506000134352', '00000012345670']);
  });
});
