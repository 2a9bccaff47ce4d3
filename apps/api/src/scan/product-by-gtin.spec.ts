import { Logger } from '@nestjs/common';
import { productByGtinFrom, ReadStoreProductByGtin, type ProductsByGtinSource } from './product-by-gtin';

/** A store that matches the way the port is asked to: on the gtin left-padded to 14 digits. */
function storeWith(products: { id: string; gtin: string }[]): ProductsByGtinSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    findProductByGtin: (gtin14) => {
      asked.push(gtin14);
      return Promise.resolve(products.find((p) => p.gtin.padStart(14, '0') === gtin14) ?? null);
    },
  };
}

describe('product by GTIN', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('asks the store with the 14-digit form, whatever form it is given', async () => {
    const store = storeWith([{ id: 'SCANNER', gtin: '9506000134352' }]);
    const lookup = new ReadStoreProductByGtin(store);

    await expect(lookup.findProductIdByGtin('09506000134352')).resolves.toBe('SCANNER');
    await expect(lookup.findProductIdByGtin('9506000134352')).resolves.toBe('SCANNER');
    await expect(lookup.findProductIdByGtin('12345670')).resolves.toBeNull();
    expect(store.asked).toEqual(['09506000134352', '09506000134352', '00000012345670']);
  });

  it('uses the read store when it can look GTINs up', async () => {
    const lookup = productByGtinFrom(storeWith([{ id: 'SCANNER', gtin: '09506000134352' }]));

    expect(lookup).toBeInstanceOf(ReadStoreProductByGtin);
    await expect(lookup.findProductIdByGtin('09506000134352')).resolves.toBe('SCANNER');
  });

  it.each([
    ['no read store', undefined],
    ['a read store without findProductByGtin', { getProduct: () => Promise.resolve(null) }],
  ])('names no product with %s, and says so', async (_what, readStore) => {
    const warn = jest.mocked(Logger.prototype.warn);
    warn.mockClear();

    const lookup = productByGtinFrom(readStore);

    await expect(lookup.findProductIdByGtin('09506000134352')).resolves.toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
