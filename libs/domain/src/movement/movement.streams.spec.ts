import { commandStreamsSpecification } from '../testing/decider-specification';
import { history, NOW } from '../testing/serial-fixtures';
import { masterDataStreams } from '../testing/stream-fixtures';
import { MAX_READ_ROUNDS } from '../shared/command-streams';
import type { StoredEvent } from '../shared/recorded';
import type { SerialUniqueness } from '../shared/stream-ids';
import type { MovementCommand } from './movement.commands';
import type { MovementEvent } from './movement.events';
import { evolveMovement, initialMovementState } from './movement.state';
import { movementCommandStreams } from './movement.streams';

const { received } = history;
const spec = (uniqueness: SerialUniqueness) =>
  commandStreamsSpecification((command: MovementCommand) => movementCommandStreams(command, uniqueness), NOW);
const byProduct = spec('product');
const master = masterDataStreams({}, { productId: 'PHONE', sku: 'PH-1', name: 'Phone' });

const lines = [
  { productId: 'LAPTOP', quantity: 1 },
  { productId: 'PHONE', quantity: 1 },
];
const created: MovementEvent = {
  type: 'MovementCreated',
  data: {
    movementId: 'M1',
    movementType: 'receipt',
    fromLocationId: 'Partners/Vendors',
    toLocationId: 'WH/Stock',
    reference: 'BILL-1',
    partnerId: 'V1',
    lines,
  },
};
const assigned = (lineIndex: number, serialNumbers: string[]): MovementEvent => ({
  type: 'MovementSerialsAssigned',
  data: { movementId: 'M1', lineIndex, serialNumbers },
});
const validate: MovementCommand = { type: 'ValidateMovement', data: { movementId: 'M1' } };
const validated: MovementEvent = { type: 'MovementValidated', data: { movementId: 'M1' } };
const ready = [created, assigned(0, ['SN-1']), assigned(1, ['SN-2'])];
const ends = ['location-Partners/Vendors', 'location-WH/Stock'];
const firstSerial = (productId: string, serialNumber: string) => ({
  type: 'ProductFirstSerialCreated',
  data: { productId, serialNumber },
});

describe('the streams of a movement command', () => {
  it('creating reads the document, then the products of its lines and its two ends', () => {
    const { type: _type, data } = created as Extract<MovementEvent, { type: 'MovementCreated' }>;
    byProduct(master)
      .when({ type: 'CreateMovement', data: { ...data, reference: 'BILL-1', partnerId: 'V1' } })
      .thenReads(['movement-M1', 'product-LAPTOP', 'product-PHONE', ...ends]);
  });

  it("assigning reads the serials named for the line's product, per product or per serial number", () => {
    const assign: MovementCommand = {
      type: 'AssignMovementSerials',
      data: { movementId: 'M1', lineIndex: 1, serialNumbers: ['SN-7'] },
    };
    const given = { ...master, 'movement-M1': [created] };
    const read = ['movement-M1', 'product-LAPTOP', 'product-PHONE', ...ends];
    byProduct(given)
      .when(assign)
      .thenReads([...read, 'serial-PHONE:SN-7']);
    spec('global')(given)
      .when(assign)
      .thenReads([...read, 'serial-SN-7']);
  });

  it('validating reads the serials of every line; an unknown document reads nothing more', () => {
    const given = { ...master, 'movement-M1': ready };
    const read = ['movement-M1', 'product-LAPTOP', 'product-PHONE', ...ends];
    byProduct(given)
      .when(validate)
      .thenReads([...read, 'serial-LAPTOP:SN-1', 'serial-PHONE:SN-2']);
    spec('global')(given)
      .when(validate)
      .thenReads([...read, 'serial-SN-1', 'serial-SN-2']);
    byProduct(master).when(validate).thenReads(['movement-M1']);
    byProduct(master).when(validate).thenThrows('NOT_FOUND');
  });

  it("writes every serial's events and each product's first-serial marker, then the document's last", () => {
    const receivedBy = (serialNumber: string, productId: string) => ({
      type: 'SerialReceived',
      data: {
        productId,
        serialNumber,
        fromLocationId: 'Partners/Vendors',
        toLocationId: 'WH/Stock',
        toLocationType: 'internal',
        movementId: 'M1',
        reference: 'BILL-1',
        vendorId: 'V1',
      },
    });
    byProduct({ ...master, 'movement-M1': ready })
      .when(validate)
      .then({
        events: [
          ['serial-LAPTOP:SN-1', [receivedBy('SN-1', 'LAPTOP')]],
          ['product-LAPTOP', [firstSerial('LAPTOP', 'SN-1')]],
          ['serial-PHONE:SN-2', [receivedBy('SN-2', 'PHONE')]],
          ['product-PHONE', [firstSerial('PHONE', 'SN-2')]],
          ['movement-M1', [validated]],
        ],
        result: [...ready, validated].reduce(evolveMovement, initialMovementState),
      });
  });

  it('refuses one serial number on the lines of two products when that is one stream (global uniqueness)', () => {
    const sameNumber = { ...master, 'movement-M1': [created, assigned(0, ['SN-1']), assigned(1, ['SN-1'])] };
    spec('global')(sameNumber).when(validate).thenThrows('DUPLICATE_IN_REQUEST', ['SN-1']);
    byProduct(sameNumber)
      .when(validate)
      .then({
        events: [
          ['serial-LAPTOP:SN-1', [expect.objectContaining({ type: 'SerialReceived' })]],
          ['product-LAPTOP', [firstSerial('LAPTOP', 'SN-1')]],
          ['serial-PHONE:SN-1', [expect.objectContaining({ type: 'SerialReceived' })]],
          ['product-PHONE', [firstSerial('PHONE', 'SN-1')]],
          ['movement-M1', [validated]],
        ],
      });
  });

  it('decides against the serials it read', () =>
    byProduct({
      ...master,
      'movement-M1': ready,
      'serial-PHONE:SN-2': [received('SN-2', 'WH/Stock', 'PHONE')],
    })
      .when(validate)
      .thenThrows('SERIAL_ALREADY_EXISTS', ['SN-2']));

  describe('a delivery from a zone', () => {
    const delivery: MovementEvent = {
      type: 'MovementCreated',
      data: {
        movementId: 'M2',
        movementType: 'delivery',
        fromLocationId: 'WH/Stock/A',
        toLocationId: 'Partners/Customers',
        reference: 'SO-1',
        partnerId: 'C1',
        lines: [{ productId: 'LAPTOP', quantity: 2 }],
      },
    };
    const onBins = {
      ...master,
      'serial-LAPTOP:SN-1': [received('SN-1', 'WH/Stock/A/01')],
      'serial-LAPTOP:SN-2': [received('SN-2', 'WH/Stock/A/01/TOP')],
      'serial-LAPTOP:SN-3': [received('SN-3', 'WH/Stock/B')],
    };
    const assign = (serialNumbers: string[]): MovementCommand => ({
      type: 'AssignMovementSerials',
      data: { movementId: 'M2', lineIndex: 0, serialNumbers },
    });

    it('reads the document, what it names, then the location each serial is at', () =>
      byProduct({ ...onBins, 'movement-M2': [delivery] })
        .when(assign(['SN-1', 'SN-2']))
        .thenReads([
          'movement-M2',
          'product-LAPTOP',
          'location-WH/Stock/A',
          'location-Partners/Customers',
          'serial-LAPTOP:SN-1',
          'serial-LAPTOP:SN-2',
          'location-WH/Stock/A/01',
          'location-WH/Stock/A/01/TOP',
        ]));

    it('takes serials within the zone, refuses others when they are assigned, and each leaves its bin', () => {
      byProduct({ ...onBins, 'movement-M2': [delivery] })
        .when(assign(['SN-1', 'SN-3']))
        .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-3']);
      const ready: MovementEvent[] = [
        delivery,
        {
          type: 'MovementSerialsAssigned',
          data: { movementId: 'M2', lineIndex: 0, serialNumbers: ['SN-1', 'SN-2'] },
        },
      ];
      const streams = movementCommandStreams(
        { type: 'ValidateMovement', data: { movementId: 'M2' } },
        'product',
      );
      const given: Record<string, readonly StoredEvent[]> = { ...onBins, 'movement-M2': ready };
      const read = new Map<string, readonly StoredEvent[]>();
      const load = (ids: readonly string[]) => ids.forEach((id) => read.set(id, given[id] ?? []));
      load(streams.streamIds);
      for (let round = 0; round < MAX_READ_ROUNDS; round += 1) load(streams.moreStreamIds?.(read) ?? []);
      const { events } = streams.decide(read, NOW);
      const leftFrom = (sn: string) => events.get(`serial-LAPTOP:${sn}`)?.[0].data.fromLocationId;
      expect([leftFrom('SN-1'), leftFrom('SN-2')]).toEqual(['WH/Stock/A/01', 'WH/Stock/A/01/TOP']);
    });
  });
});
