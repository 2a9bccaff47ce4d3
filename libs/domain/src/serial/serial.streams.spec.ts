import { commandStreamsSpecification } from '../testing/decider-specification';
import { history, NOW } from '../testing/serial-fixtures';
import { masterDataStreams } from '../testing/stream-fixtures';
import type { StoredEvent } from '../shared/recorded';
import type { SerialUniqueness } from '../shared/stream-ids';
import type { SerialCommand } from './serial.commands';
import { serialCommandStreams } from './serial.streams';
import { foldSerial } from './serial.state';

const { received, reserved } = history;
const firstSerial = (serialNumber: string): StoredEvent => ({
  type: 'ProductFirstSerialCreated',
  data: { productId: 'LAPTOP', serialNumber },
});
const spec = (uniqueness: SerialUniqueness) =>
  commandStreamsSpecification((command: SerialCommand) => serialCommandStreams(command, uniqueness), NOW);
const byProduct = spec('product');
const master = masterDataStreams({}, { productId: 'PHONE', sku: 'PH-1', name: 'Phone' });

const receive = (serialNumbers: string[]): SerialCommand => ({
  type: 'ReceiveSerials',
  data: { productId: 'LAPTOP', serialNumbers, fromLocationId: 'Partners/Vendors', toLocationId: 'WH/Stock' },
});
const deliver: SerialCommand = {
  type: 'DeliverSerials',
  data: {
    productId: 'LAPTOP',
    serialNumbers: ['SN-1'],
    fromLocationId: 'WH/Stock',
    toLocationId: 'Partners/Customers',
    customerId: 'C1',
  },
};

describe('the streams of a serial command', () => {
  it('reads the product, the locations its rule names and each serial, per product or per serial number', () => {
    const streams = ['product-LAPTOP', 'location-Partners/Vendors', 'location-WH/Stock'];
    byProduct(master)
      .when(receive(['SN-1', 'SN/2']))
      .thenReads([...streams, 'serial-LAPTOP:SN-1', 'serial-LAPTOP:SN%2F2']);
    spec('global')(master)
      .when(receive(['SN-1', 'SN/2']))
      .thenReads([...streams, 'serial-SN-1', 'serial-SN%2F2']);
  });

  it('reads the locations each rule declares, fixed ones such as Virtual/Scrap included', () => {
    byProduct(master)
      .when({
        type: 'ScrapSerials',
        data: { productId: 'LAPTOP', serialNumbers: ['SN-1'], fromLocationId: 'WH/Stock', reason: 'x' },
      })
      .thenReads(['product-LAPTOP', 'location-WH/Stock', 'location-Virtual/Scrap', 'serial-LAPTOP:SN-1']);
    byProduct(master)
      .when({
        type: 'AdjustSerial',
        data: {
          productId: 'LAPTOP',
          serialNumber: 'SN-1',
          locationId: 'WH/Stock',
          direction: 'lost',
          reason: 'x',
        },
      })
      .thenReads([
        'product-LAPTOP',
        'location-WH/Stock',
        'location-Virtual/Adjustment',
        'serial-LAPTOP:SN-1',
      ]);
    byProduct(master)
      .when({
        type: 'ReleaseSerials',
        data: { productId: 'LAPTOP', serialNumbers: ['SN-1'], reference: 'SO-1' },
      })
      .thenReads(['product-LAPTOP', 'serial-LAPTOP:SN-1']);
    byProduct(master)
      .when({
        type: 'ReserveSerials',
        data: { productId: 'LAPTOP', serialNumbers: ['SN-1'], reference: 'SO-1', locationId: 'WH/Stock' },
      })
      .thenReads(['product-LAPTOP', 'location-WH/Stock', 'serial-LAPTOP:SN-1']);
    byProduct(master)
      .when({
        type: 'CorrectSerial',
        data: {
          productId: 'LAPTOP',
          wrongSerialNumber: 'SN-1',
          correctSerialNumber: 'SN-2',
          locationId: 'WH/Stock',
          reason: 'typo',
        },
      })
      .thenReads([
        'product-LAPTOP',
        'location-WH/Stock',
        'location-Virtual/Adjustment',
        'serial-LAPTOP:SN-1',
        'serial-LAPTOP:SN-2',
      ]);
  });

  it("writes each serial's new events to its stream, and gives every serial's state after them", () => {
    const given = { ...master, 'serial-LAPTOP:SN-1': [received('SN-1')] };
    const delivered = {
      type: 'SerialDelivered',
      data: {
        productId: 'LAPTOP',
        serialNumber: 'SN-1',
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        toLocationType: 'customer',
        customerId: 'C1',
        movementId: null,
        reference: null,
        warranty: null,
      },
    } as const;
    byProduct(given)
      .when(deliver)
      .then({
        events: [['serial-LAPTOP:SN-1', [delivered]]],
        result: [
          {
            productId: 'LAPTOP',
            serialNumber: 'SN-1',
            state: foldSerial([delivered], foldSerial([received('SN-1')]), NOW),
          },
        ],
      });
  });

  it('gives a serial that does not change its state as it was, and writes nothing for it', () => {
    const given = {
      ...master,
      'serial-LAPTOP:SN-1': [received('SN-1'), reserved('SN-1', 'SO-1')],
      'serial-LAPTOP:SN-2': [received('SN-2')],
    };
    const reserve: SerialCommand = {
      type: 'ReserveSerials',
      data: { productId: 'LAPTOP', serialNumbers: ['SN-1', 'SN-2'], reference: 'SO-1' },
    };
    const reservedSn2 = reserved('SN-2', 'SO-1');
    byProduct(given)
      .when(reserve)
      .then({
        events: [['serial-LAPTOP:SN-2', [reservedSn2]]],
        result: [
          { productId: 'LAPTOP', serialNumber: 'SN-1', state: foldSerial(given['serial-LAPTOP:SN-1']) },
          { productId: 'LAPTOP', serialNumber: 'SN-2', state: foldSerial([received('SN-2'), reservedSn2]) },
        ],
      });
  });

  it("lists a correction's two serials in request order, the wrong one first, after the product's marker", () => {
    const given = { ...master, 'serial-LAPTOP:SN-WRONG': [received('SN-WRONG')] };
    const decision = serialCommandStreams(
      {
        type: 'CorrectSerial',
        data: {
          productId: 'LAPTOP',
          wrongSerialNumber: 'SN-WRONG',
          correctSerialNumber: 'SN-RIGHT',
          locationId: 'WH/Stock',
          reason: 'typo',
        },
      },
      'product',
    ).decide(new Map(Object.entries(given)), NOW);
    expect([...decision.events.keys()]).toEqual([
      'product-LAPTOP',
      'serial-LAPTOP:SN-WRONG',
      'serial-LAPTOP:SN-RIGHT',
    ]);
    expect(decision.result.map(({ serialNumber, state }) => [serialNumber, state])).toEqual([
      ['SN-WRONG', expect.objectContaining({ locationId: 'Virtual/Adjustment' })],
      ['SN-RIGHT', expect.objectContaining({ locationId: 'WH/Stock', locationType: 'internal' })],
    ]);
  });

  it("sees another product's serial of the same number only with global uniqueness", () => {
    const given = { ...master, 'serial-SN-1': [received('SN-1', 'WH/Stock', 'PHONE')] };
    spec('global')(given)
      .when(receive(['SN-1']))
      .thenThrows('SERIAL_ALREADY_EXISTS', ['SN-1']);
    byProduct(given)
      .when(receive(['SN-1']))
      .then({
        events: [
          ['product-LAPTOP', [firstSerial('SN-1')]],
          [
            'serial-LAPTOP:SN-1',
            [
              expect.objectContaining({
                type: 'SerialReceived',
                data: expect.objectContaining({ productId: 'LAPTOP' }),
              }),
            ],
          ],
        ],
      });
  });

  it("marks the product's first serial on the product's stream, in the same append, and only once", () => {
    const created = (serialNumbers: string[]): [string, StoredEvent[]][] =>
      serialNumbers.map((sn) => [`serial-LAPTOP:${sn}`, [expect.anything()]]);
    byProduct(master)
      .when(receive(['SN-1', 'SN-2']))
      .then({ events: [['product-LAPTOP', [firstSerial('SN-1')]], ...created(['SN-1', 'SN-2'])] });
    const marked = { ...master, 'product-LAPTOP': [...master['product-LAPTOP'], firstSerial('SN-0')] };
    byProduct(marked)
      .when(receive(['SN-1']))
      .then({ events: created(['SN-1']) });
    byProduct(master)
      .when({ type: 'RegisterSerials', data: { productId: 'LAPTOP', serialNumbers: ['SN-9'] } })
      .then({ events: [['product-LAPTOP', [firstSerial('SN-9')]], ...created(['SN-9'])] });
    // A serial received again once out of stock is not a new one.
    const scrapped = { ...master, 'serial-LAPTOP:SN-1': [received('SN-1'), history.scrapped('SN-1')] };
    byProduct(scrapped)
      .when(receive(['SN-1']))
      .then({ events: created(['SN-1']) });
  });

  it('throws what the decider throws', () =>
    byProduct(master)
      .when(receive(['SN-1', 'SN-1']))
      .thenThrows('DUPLICATE_IN_REQUEST', ['SN-1']));

  it('then reads the location each serial is at, each once, to know whether it is within the one named', () =>
    byProduct({
      ...master,
      'serial-LAPTOP:SN-1': [received('SN-1', 'WH/Stock/A/01')],
      'serial-LAPTOP:SN-2': [received('SN-2', 'WH/Stock/A/01')],
      'serial-LAPTOP:SN-3': [received('SN-3', 'WH/Stock/B')],
    })
      .when({ ...deliver, data: { ...deliver.data, serialNumbers: ['SN-1', 'SN-2', 'SN-3'] } })
      .thenReads([
        'product-LAPTOP',
        'location-WH/Stock',
        'location-Partners/Customers',
        'serial-LAPTOP:SN-1',
        'serial-LAPTOP:SN-2',
        'serial-LAPTOP:SN-3',
        'location-WH/Stock/A/01',
        'location-WH/Stock/B',
      ]));
});
