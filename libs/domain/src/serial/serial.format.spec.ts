import { deciderSpecification } from '../testing/decider-specification';
import { history, product, serialSpec } from '../testing/serial-fixtures';
import { decideProduct, evolveProduct, initialProductState } from '../product/product.decider';
import type { ProductEvent } from '../product/product.events';
import { serialFormatError, serialFormatPattern } from '../product/serial-format';
import type { SerialCommand } from './serial.commands';

const FORMAT = '^[A-Z]{2}-\\d{4}$';
const spec = serialSpec(product({ serialFormat: FORMAT }));
const { received, registered, delivered } = history;
const P = 'LAPTOP';

describe("a product's serial format", () => {
  it('matches the whole serial number, anchored or not', () => {
    expect(serialFormatPattern('[A-Z]+').test('AB')).toBe(true);
    expect(serialFormatPattern('[A-Z]+').test('AB1')).toBe(false);
    expect(serialFormatPattern('a|b').test('ab')).toBe(false);
    expect(serialFormatError('a)|(b')).not.toBeNull();
    expect(serialFormatError('[')).not.toBeNull();
    expect(serialFormatError(FORMAT)).toBeNull();
  });

  it('refuses new serials that do not match on register, receive, adjust found and a correction, naming each', () => {
    const commands: SerialCommand[] = [
      { type: 'RegisterSerials', data: { productId: P, serialNumbers: ['AB-0001', 'ab-0002', 'AB-03'] } },
      {
        type: 'ReceiveSerials',
        data: {
          productId: P,
          serialNumbers: ['AB-0001', 'ab-0002', 'AB-03'],
          fromLocationId: 'Partners/Vendors',
          toLocationId: 'WH/Stock',
        },
      },
    ];
    for (const command of commands) {
      spec([{}]).when(command).thenThrows('VALIDATION_FAILED', ['ab-0002', 'AB-03']);
    }
    spec([{}])
      .when({
        type: 'AdjustSerial',
        data: {
          productId: P,
          serialNumber: 'X1',
          locationId: 'WH/Stock',
          direction: 'found',
          reason: 'count',
        },
      })
      .thenThrows('VALIDATION_FAILED', ['X1']);
    spec([{ 'AB-0001': [received('AB-0001')] }])
      .when({
        type: 'CorrectSerial',
        data: {
          productId: P,
          wrongSerialNumber: 'AB-0001',
          correctSerialNumber: 'AB-1',
          locationId: 'WH/Stock',
          reason: 'typo',
        },
      })
      .thenThrows('VALIDATION_FAILED', ['AB-1']);
  });

  it('leaves serials that exist usable, whatever the format says', () => {
    const given = { 'old-1': [registered('old-1')], 'old-2': [received('old-2'), delivered('old-2')] };
    const decision = (command: SerialCommand) => spec([given]).when(command);
    decision({
      type: 'ReceiveSerials',
      data: {
        productId: P,
        serialNumbers: ['old-1', 'old-2'],
        fromLocationId: 'Partners/Vendors',
        toLocationId: 'WH/Stock',
      },
    }).then(
      new Map(
        ['old-1', 'old-2'].map((serialNumber) => [
          serialNumber,
          [
            {
              type: 'SerialReceived',
              data: {
                productId: P,
                serialNumber,
                fromLocationId: 'Partners/Vendors',
                toLocationId: 'WH/Stock',
                toLocationType: 'internal',
                movementId: null,
                reference: null,
                vendorId: null,
              },
            },
          ],
        ]),
      ),
    );
  });

  describe('on the product', () => {
    const productSpec = deciderSpecification({
      decide: decideProduct,
      evolve: evolveProduct,
      initialState: () => initialProductState,
    });
    const registeredProduct: ProductEvent = {
      type: 'ProductRegistered',
      data: {
        productId: P,
        sku: 'S',
        name: 'N',
        productType: 'storable',
        tracking: 'serial',
        gtin: null,
        warrantyMonths: null,
        serialFormat: FORMAT,
      },
    };
    const register = (serialFormat: string | undefined) => ({
      type: 'RegisterProduct' as const,
      data: {
        productId: P,
        sku: 'S',
        name: 'N',
        productType: 'storable' as const,
        tracking: 'serial' as const,
        serialFormat,
      },
    });

    it('is set on registration, changed or removed (null) on update', () => {
      productSpec([]).when(register(FORMAT)).then([registeredProduct]);
      productSpec([registeredProduct])
        .when({ type: 'UpdateProduct', data: { productId: P, serialFormat: null } })
        .then([{ type: 'ProductUpdated', data: { productId: P, serialFormat: null } }]);
      const removed = [
        registeredProduct,
        { type: 'ProductUpdated' as const, data: { productId: P, serialFormat: null } },
      ];
      expect(removed.reduce(evolveProduct, initialProductState)).toMatchObject({ serialFormat: null });
    });

    it('refuses a format that is not a regular expression', () => {
      productSpec([]).when(register('(unclosed')).thenThrows('VALIDATION_FAILED');
      productSpec([registeredProduct])
        .when({ type: 'UpdateProduct', data: { productId: P, serialFormat: '[' } })
        .thenThrows('VALIDATION_FAILED');
    });

    it('refuses a format at risk of catastrophic backtracking (redos-detector), on POST and PATCH', () => {
      productSpec([]).when(register('(a+)+')).thenThrows('VALIDATION_FAILED');
      productSpec([registeredProduct])
        .when({ type: 'UpdateProduct', data: { productId: P, serialFormat: '(\\d|\\d)*' } })
        .thenThrows('VALIDATION_FAILED');
      expect(serialFormatError('^.*a.*a.*$')).toMatch(/catastrophic backtracking/);
      expect(serialFormatError('[A-Z0-9]+(-[A-Z0-9]+)*')).toBeNull();
    });

    it('reads a product stored before formats (schema version 1) as having none', () => {
      const { serialFormat: _none, ...v1 } = registeredProduct.data as Extract<
        ProductEvent,
        { type: 'ProductRegistered' }
      >['data'];
      expect(
        evolveProduct(initialProductState, { type: 'ProductRegistered', data: v1 } as ProductEvent),
      ).toMatchObject({
        serialFormat: null,
      });
    });
  });
});
