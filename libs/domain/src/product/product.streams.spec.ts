import { commandStreamsSpecification } from '../testing/decider-specification';
import { NOW, product, productRegistered } from '../testing/serial-fixtures';
import type { ProductCommand } from './product.commands';
import { productCommandStreams } from './product.streams';

describe('the streams of a product command', () => {
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

  describe('GTINs, a guard stream each like a serial number', () => {
    const claimed = (gtin: string, productId = 'LAPTOP') => ({
      type: 'GtinClaimed',
      data: { gtin, productId },
    });
    const released = (gtin: string) => ({ type: 'GtinReleased', data: { gtin, productId: 'LAPTOP' } });
    const G = '09506000134352';
    const H = '04012345000001';
    const register: ProductCommand = {
      type: 'RegisterProduct',
      data: {
        productId: 'LAPTOP',
        sku: 'LP-1',
        name: 'Laptop',
        productType: 'storable',
        tracking: 'serial',
        gtin: '9506000134352',
      },
    };
    const update = (gtin: string | null): ProductCommand => ({
      type: 'UpdateProduct',
      data: { productId: 'LAPTOP', gtin },
    });
    const withGtin = { 'product-LAPTOP': [productRegistered({ gtin: G })], [`gtin-${G}`]: [claimed(G)] };

    it('registering claims the GTIN, as 14 digits, in the same append', () => {
      productSpec({})
        .when(register)
        .thenReads(['product-LAPTOP', `gtin-${G}`]);
      productSpec({})
        .when(register)
        .then({
          events: [
            ['product-LAPTOP', [productRegistered({ gtin: G })]],
            [`gtin-${G}`, [claimed(G)]],
          ],
        });
    });

    it('refuses a GTIN another product holds, at any of its lengths', () => {
      productSpec({ [`gtin-${G}`]: [claimed(G, 'SCANNER')] })
        .when(register)
        .thenThrows('GTIN_ALREADY_USED');
      productSpec({ ...withGtin, [`gtin-${H}`]: [claimed(H, 'SCANNER')] })
        .when(update(H))
        .thenThrows('GTIN_ALREADY_USED');
    });

    it('an update that changes the GTIN releases the old one and claims the new', () => {
      productSpec(withGtin)
        .when(update(H))
        .thenReads(['product-LAPTOP', `gtin-${H}`, `gtin-${G}`]);
      productSpec(withGtin)
        .when(update(H))
        .then({
          events: [
            ['product-LAPTOP', [{ type: 'ProductUpdated', data: { productId: 'LAPTOP', gtin: H } }]],
            [`gtin-${G}`, [released(G)]],
            [`gtin-${H}`, [claimed(H)]],
          ],
        });
    });

    it('clearing the GTIN releases it, and a released GTIN may be taken by another product', () => {
      productSpec(withGtin)
        .when(update(null))
        .then({
          events: [
            ['product-LAPTOP', [{ type: 'ProductUpdated', data: { productId: 'LAPTOP', gtin: null } }]],
            [`gtin-${G}`, [released(G)]],
          ],
        });
      productSpec({
        [`gtin-${G}`]: [claimed(G, 'OLD'), { type: 'GtinReleased', data: { gtin: G, productId: 'OLD' } }],
      })
        .when(register)
        .then({
          events: [
            ['product-LAPTOP', [productRegistered({ gtin: G })]],
            [`gtin-${G}`, [claimed(G)]],
          ],
        });
    });

    it('naming its own GTIN again claims it when no guard holds it yet (a product stored before guards)', () => {
      productSpec({ 'product-LAPTOP': [productRegistered({ gtin: G })] })
        .when(update(G))
        .then({
          events: [
            ['product-LAPTOP', [{ type: 'ProductUpdated', data: { productId: 'LAPTOP', gtin: G } }]],
            [`gtin-${G}`, [claimed(G)]],
          ],
        });
      productSpec(withGtin)
        .when(update(G))
        .then({
          events: [
            ['product-LAPTOP', [{ type: 'ProductUpdated', data: { productId: 'LAPTOP', gtin: G } }]],
            [`gtin-${G}`, []],
          ],
        });
    });
  });
});
