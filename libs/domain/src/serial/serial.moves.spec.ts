import { history, product, serialSpec } from '../testing/serial-fixtures';

const spec = serialSpec();
const { received, delivered, reserved, registered, scrapped, returned } = history;
const single = (serialNumber: string, events: unknown[]) => new Map([[serialNumber, events]]);
const vendorMove = {
  fromLocationId: 'Partners/Vendors',
  toLocationId: 'WH/Stock',
  toLocationType: 'internal',
};

describe('receive serials', () => {
  const receive = (serialNumbers: string[], extra: Record<string, string> = {}) => ({
    type: 'ReceiveSerials' as const,
    data: {
      productId: 'LAPTOP',
      serialNumbers,
      fromLocationId: 'Partners/Vendors',
      toLocationId: 'WH/Stock',
      ...extra,
    },
  });

  it('creates new serials at the internal destination, with vendor and documents', () =>
    spec([{}])
      .when(receive(['SN-1'], { vendorId: 'V9', reference: 'BILL-7', movementId: 'M1' }))
      .then(
        new Map([
          [
            'SN-1',
            [
              {
                type: 'SerialReceived',
                data: {
                  productId: 'LAPTOP',
                  serialNumber: 'SN-1',
                  ...vendorMove,
                  vendorId: 'V9',
                  reference: 'BILL-7',
                  movementId: 'M1',
                },
              },
            ],
          ],
        ]),
      ));

  it('receives a registered serial and one that went out of stock again', () => {
    spec([{ 'SN-1': [registered('SN-1')], 'SN-2': [received('SN-2'), scrapped('SN-2')] }])
      .when(receive(['SN-1', 'SN-2']))
      .then(
        new Map(
          ['SN-1', 'SN-2'].map((serialNumber) => [
            serialNumber,
            [
              {
                type: 'SerialReceived',
                data: {
                  productId: 'LAPTOP',
                  serialNumber,
                  ...vendorMove,
                  vendorId: null,
                  reference: null,
                  movementId: null,
                },
              },
            ],
          ]),
        ),
      );
  });

  it('rejects every serial already on hand anywhere, naming all of them', () =>
    spec([{ 'SN-1': [received('SN-1')], 'SN-3': [received('SN-3', 'WH/Shelf-2')] }])
      .when(receive(['SN-1', 'SN-2', 'SN-3']))
      .thenThrows('SERIAL_ALREADY_EXISTS', ['SN-1', 'SN-3']));

  it('rejects a serial that exists for another product under global uniqueness', () =>
    spec([{ 'SN-1': [received('SN-1', 'WH/Stock', 'PHONE'), delivered('SN-1')] }])
      .when(receive(['SN-1']))
      .thenThrows('SERIAL_ALREADY_EXISTS', ['SN-1']));

  it('receives only into internal locations', () =>
    spec([{}])
      .when(receive(['SN-1'], { toLocationId: 'customer' }))
      .thenThrows('INVALID_LOCATION_TYPE'));

  it('receives only from outside the warehouse', () =>
    spec([{}])
      .when(receive(['SN-1'], { fromLocationId: 'WH/Shelf-2' }))
      .thenThrows('INVALID_LOCATION_TYPE'));

  it('names an unknown location', () =>
    spec([{}])
      .when(receive(['SN-1'], { toLocationId: 'WH/Nowhere' }))
      .thenThrows('LOCATION_NOT_FOUND'));

  it('rejects the same serial twice in one request', () =>
    spec([{}])
      .when(receive(['SN-1', 'SN-2', 'SN-1']))
      .thenThrows('DUPLICATE_IN_REQUEST', ['SN-1']));

  it('needs a registered, serial-tracked product', () => {
    serialSpec({ status: 'unregistered' })([{}])
      .when(receive(['SN-1']))
      .thenThrows('PRODUCT_NOT_FOUND');
    serialSpec(product({ tracking: 'lot' }))([{}])
      .when(receive(['SN-1']))
      .thenThrows('PRODUCT_NOT_SERIAL_TRACKED');
  });
});

describe('deliver serials', () => {
  const deliver = (serialNumbers: string[], extra: Record<string, string> = {}) => ({
    type: 'DeliverSerials' as const,
    data: {
      productId: 'LAPTOP',
      serialNumbers,
      fromLocationId: 'WH/Stock',
      toLocationId: 'Partners/Customers',
      customerId: 'C1',
      reference: 'INV-1',
      ...extra,
    },
  });
  const deliveredEvent = (serialNumber: string) => ({
    type: 'SerialDelivered',
    data: {
      productId: 'LAPTOP',
      serialNumber,
      fromLocationId: 'WH/Stock',
      toLocationId: 'Partners/Customers',
      toLocationType: 'customer',
      customerId: 'C1',
      reference: 'INV-1',
      movementId: null,
      // The product has no warrantyMonths: the delivery starts none.
      warranty: null,
    },
  });

  it('moves serials on hand at the source to the customer', () =>
    spec([{ 'SN-1': [received('SN-1')] }])
      .when(deliver(['SN-1']))
      .then(new Map([['SN-1', [deliveredEvent('SN-1')]]])));

  it('names every serial not on hand at the source', () =>
    spec([
      {
        'SN-1': [received('SN-1', 'WH/Shelf-2')],
        'SN-2': [received('SN-2')],
        'SN-3': [received('SN-3'), delivered('SN-3')],
      },
    ])
      .when(deliver(['SN-1', 'SN-2', 'SN-3']))
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-1', 'SN-3']));

  it('names serials that never existed', () =>
    spec([{}])
      .when(deliver(['SN-404']))
      .thenThrows('SERIAL_NOT_FOUND', ['SN-404']));

  it('refuses a serial reserved for another reference, delivers one reserved for this one', () => {
    spec([{ 'SN-1': [received('SN-1'), reserved('SN-1', 'SO-2')] }])
      .when(deliver(['SN-1']))
      .thenThrows('SERIAL_RESERVED', ['SN-1']);
    spec([{ 'SN-1': [received('SN-1'), reserved('SN-1', 'INV-1')] }])
      .when(deliver(['SN-1']))
      .then(new Map([['SN-1', [deliveredEvent('SN-1')]]]));
  });

  it('lists every offending serial with its own rule when the rules differ', () =>
    spec([{ 'SN-1': [received('SN-1'), reserved('SN-1', 'SO-2')], 'SN-3': [received('SN-3')] }])
      .when(deliver(['SN-1', 'SN-2', 'SN-3']))
      .thenThrows(
        'SERIAL_RESERVED',
        ['SN-1', 'SN-2'],
        [
          ['SN-1', 'SERIAL_RESERVED'],
          ['SN-2', 'SERIAL_NOT_FOUND'],
        ],
      ));

  it('delivers only to customer locations', () =>
    spec([{ 'SN-1': [received('SN-1')] }])
      .when(deliver(['SN-1'], { toLocationId: 'WH/Shelf-2' }))
      .thenThrows('INVALID_LOCATION_TYPE'));
});

describe('transfer serials', () => {
  const transfer = (serialNumbers: string[], toLocationId = 'WH/Shelf-2') => ({
    type: 'TransferSerials' as const,
    data: { productId: 'LAPTOP', serialNumbers, fromLocationId: 'WH/Stock', toLocationId },
  });

  it('moves on-hand serials to an internal or transit location', () =>
    spec([{ 'SN-1': [received('SN-1')] }])
      .when(transfer(['SN-1'], 'Transit/Truck'))
      .then(
        new Map([
          [
            'SN-1',
            [
              {
                type: 'SerialTransferred',
                data: {
                  productId: 'LAPTOP',
                  serialNumber: 'SN-1',
                  fromLocationId: 'WH/Stock',
                  toLocationId: 'Transit/Truck',
                  toLocationType: 'transit',
                  movementId: null,
                  reference: null,
                },
              },
            ],
          ],
        ]),
      ));

  it('refuses serials not at the source and customer destinations', () => {
    spec([{ 'SN-1': [received('SN-1', 'WH/Shelf-2')] }])
      .when(transfer(['SN-1']))
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-1']);
    spec([{ 'SN-1': [received('SN-1')] }])
      .when(transfer(['SN-1'], 'Partners/Customers'))
      .thenThrows('INVALID_LOCATION_TYPE');
  });
});

describe('return serials', () => {
  const returnFrom = (customerId: string, serialNumbers = ['SN-1'], toLocationId = 'WH/Stock') => ({
    type: 'ReturnSerials' as const,
    data: { productId: 'LAPTOP', serialNumbers, customerId, toLocationId, reason: 'defect' },
  });

  it('takes back a serial from the customer it was last delivered to', () =>
    spec([{ 'SN-1': [received('SN-1'), delivered('SN-1', 'C1')] }])
      .when(returnFrom('C1'))
      .then(
        new Map([
          [
            'SN-1',
            [
              {
                type: 'SerialReturned',
                data: {
                  productId: 'LAPTOP',
                  serialNumber: 'SN-1',
                  fromLocationId: 'Partners/Customers',
                  toLocationId: 'WH/Stock',
                  toLocationType: 'internal',
                  customerId: 'C1',
                  reason: 'defect',
                  reference: null,
                  movementId: null,
                },
              },
            ],
          ],
        ]),
      ));

  it('refuses a return from another customer, or of a serial that is not out at a customer', () =>
    spec([{ 'SN-1': [received('SN-1'), delivered('SN-1', 'C1')], 'SN-2': [received('SN-2')] }])
      .when(returnFrom('C2', ['SN-1', 'SN-2']))
      .thenThrows('SERIAL_NOT_DELIVERED_TO_CUSTOMER', ['SN-1', 'SN-2']));

  it('refuses a second return of the same delivery', () =>
    spec([{ 'SN-1': [received('SN-1'), delivered('SN-1', 'C1'), returned('SN-1', 'C1')] }])
      .when(returnFrom('C1'))
      .thenThrows('SERIAL_NOT_DELIVERED_TO_CUSTOMER', ['SN-1']));

  it('returns only into internal locations', () =>
    spec([{ 'SN-1': [received('SN-1'), delivered('SN-1')] }])
      .when(returnFrom('C1', ['SN-1'], 'Virtual/Scrap'))
      .thenThrows('INVALID_LOCATION_TYPE'));
});

describe('scrap serials', () => {
  const scrap = (fromLocationId = 'WH/Stock') => ({
    type: 'ScrapSerials' as const,
    data: { productId: 'LAPTOP', serialNumbers: ['SN-1'], fromLocationId, reason: 'dropped' },
  });

  it('moves an on-hand serial to Virtual/Scrap, clearing its reservation', () =>
    spec([{ 'SN-1': [received('SN-1'), reserved('SN-1', 'SO-1')] }])
      .when(scrap())
      .then(
        single('SN-1', [
          {
            type: 'SerialScrapped',
            data: {
              productId: 'LAPTOP',
              serialNumber: 'SN-1',
              fromLocationId: 'WH/Stock',
              toLocationId: 'Virtual/Scrap',
              toLocationType: 'scrap',
              reason: 'dropped',
              movementId: null,
              reference: null,
            },
          },
        ]),
      ));

  it('refuses a serial that is not at the source', () =>
    spec([{ 'SN-1': [received('SN-1', 'WH/Shelf-2')] }])
      .when(scrap())
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-1']));
});
