import type { SerialCommand } from './serial.commands';
import { decideSerials } from './serial.decider';
import type { SerialEvent } from './serial.events';
import { foldSerial } from './serial.state';
import { history, locations, NOW, product, serialSpec } from '../testing/serial-fixtures';

// WH/Stock ⊃ zone A ⊃ bins A/01 (⊃ shelf level A/01/TOP) and A/02; zone B; WH/Shelf-2 is another root.
const A = 'WH/Stock/A';
const BIN_1 = 'WH/Stock/A/01';
const TOP = 'WH/Stock/A/01/TOP';
const BIN_2 = 'WH/Stock/A/02';
const B = 'WH/Stock/B';
const { received, reserved, delivered } = history;
const spec = serialSpec();
const P = 'LAPTOP';

/** SN-1 on bin A/01, SN-2 on the shelf level below it, SN-3 on bin A/02, SN-4 in zone B, SN-5 on WH/Shelf-2. */
const stocked = {
  'SN-1': [received('SN-1', BIN_1)],
  'SN-2': [received('SN-2', TOP)],
  'SN-3': [received('SN-3', BIN_2)],
  'SN-4': [received('SN-4', B)],
  'SN-5': [received('SN-5', 'WH/Shelf-2')],
};
const from = (event: SerialEvent) => ('fromLocationId' in event.data ? event.data.fromLocationId : undefined);

function decide(command: SerialCommand, given: Record<string, SerialEvent[]> = stocked) {
  const serials = new Map(Object.entries(given).map(([sn, events]) => [sn, foldSerial(events)]));
  return decideSerials(command, { product: product(), locations: locations(), serials, now: NOW });
}
const fromOf = (decision: Map<string, SerialEvent[]>) =>
  Object.fromEntries([...decision].map(([sn, events]) => [sn, from(events[0])]));

describe('serials within a location of a tree', () => {
  const deliver = (serialNumbers: string[], fromLocationId: string): SerialCommand => ({
    type: 'DeliverSerials',
    data: {
      productId: P,
      serialNumbers,
      fromLocationId,
      toLocationId: 'Partners/Customers',
      customerId: 'C1',
    },
  });

  it('delivers from the warehouse a serial on any bin, at any depth, and records the bin it left', () =>
    expect(fromOf(decide(deliver(['SN-1', 'SN-2', 'SN-3', 'SN-4'], 'WH/Stock')))).toEqual({
      'SN-1': BIN_1,
      'SN-2': TOP,
      'SN-3': BIN_2,
      'SN-4': B,
    }));

  it('delivers from a zone or a bin what lies below it', () => {
    expect(fromOf(decide(deliver(['SN-1', 'SN-2', 'SN-3'], A)))).toEqual({
      'SN-1': BIN_1,
      'SN-2': TOP,
      'SN-3': BIN_2,
    });
    expect(fromOf(decide(deliver(['SN-2'], BIN_1)))).toEqual({ 'SN-2': TOP });
  });

  it('names every serial outside the location at once: another zone, a sibling bin, above it, another root', () => {
    spec([stocked])
      .when(deliver(['SN-1', 'SN-4', 'SN-5'], A))
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-4', 'SN-5']);
    spec([stocked])
      .when(deliver(['SN-2', 'SN-3'], BIN_1))
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-3']);
    spec([stocked])
      .when(deliver(['SN-1'], TOP))
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-1']);
  });

  it('a flat location is a tree of one: only what is on it', () => {
    spec([stocked])
      .when(deliver(['SN-5'], 'WH/Shelf-2'))
      .then(
        new Map([
          [
            'SN-5',
            [
              {
                type: 'SerialDelivered',
                data: {
                  productId: P,
                  serialNumber: 'SN-5',
                  fromLocationId: 'WH/Shelf-2',
                  toLocationId: 'Partners/Customers',
                  toLocationType: 'customer',
                  customerId: 'C1',
                  movementId: null,
                  reference: null,
                  warranty: null,
                },
              },
            ],
          ],
        ]),
      );
    spec([stocked])
      .when(deliver(['SN-1'], 'WH/Shelf-2'))
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-1']);
  });

  it('transfers from a zone to one of its bins, each serial from wherever in the zone it is', () => {
    const decision = decide({
      type: 'TransferSerials',
      data: { productId: P, serialNumbers: ['SN-1', 'SN-2', 'SN-3'], fromLocationId: A, toLocationId: BIN_2 },
    });
    expect([...decision].map(([sn, [event]]) => [sn, from(event), event.data])).toEqual([
      ['SN-1', BIN_1, expect.objectContaining({ toLocationId: BIN_2 })],
      ['SN-2', TOP, expect.objectContaining({ toLocationId: BIN_2 })],
      ['SN-3', BIN_2, expect.objectContaining({ toLocationId: BIN_2 })],
    ]);
  });

  it('lands on the exact destination, never below it', () => {
    const decision = decide({
      type: 'TransferSerials',
      data: { productId: P, serialNumbers: ['SN-4'], fromLocationId: 'WH/Stock', toLocationId: A },
    });
    expect(decision.get('SN-4')?.[0].data).toMatchObject({ fromLocationId: B, toLocationId: A });
  });

  it('scraps from a zone, recording the bin', () =>
    expect(
      fromOf(
        decide({
          type: 'ScrapSerials',
          data: { productId: P, serialNumbers: ['SN-2'], fromLocationId: A, reason: 'dropped' },
        }),
      ),
    ).toEqual({ 'SN-2': TOP }));

  it('adjusts lost at a zone, from the bin; found lands on the exact location', () => {
    const adjust = (serialNumber: string, direction: 'found' | 'lost'): SerialCommand => ({
      type: 'AdjustSerial',
      data: { productId: P, serialNumber, locationId: A, direction, reason: 'count' },
    });
    expect(decide(adjust('SN-1', 'lost')).get('SN-1')?.[0].data).toMatchObject({
      fromLocationId: BIN_1,
      toLocationId: 'Virtual/Adjustment',
    });
    spec([stocked]).when(adjust('SN-4', 'lost')).thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-4']);
    expect(decide(adjust('SN-9', 'found')).get('SN-9')?.[0].data).toMatchObject({ toLocationId: A });
  });

  it('reserves at a zone what is within it, recording where each serial is, and names the rest', () => {
    const reserve = (serialNumbers: string[]): SerialCommand => ({
      type: 'ReserveSerials',
      data: { productId: P, serialNumbers, reference: 'SO-1', locationId: A },
    });
    const decision = decide(reserve(['SN-1', 'SN-2']));
    expect([...decision].map(([sn, [event]]) => [sn, event])).toEqual([
      ['SN-1', reserved('SN-1', 'SO-1', BIN_1)],
      ['SN-2', reserved('SN-2', 'SO-1', TOP)],
    ]);
    spec([stocked])
      .when(reserve(['SN-1', 'SN-4', 'SN-5']))
      .thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-4', 'SN-5']);
  });

  describe('a correction', () => {
    const correct = (locationId: string, correctSerialNumber = 'SN-NEW'): SerialCommand => ({
      type: 'CorrectSerial',
      data: { productId: P, wrongSerialNumber: 'SN-2', correctSerialNumber, locationId, reason: 'typo' },
    });

    it('at a bin: the correct serial arrives on that bin', () => {
      const decision = decide(correct(TOP));
      expect(decision.get('SN-2')?.[0].data).toMatchObject({ fromLocationId: TOP });
      expect(decision.get('SN-NEW')?.[0].data).toMatchObject({
        toLocationId: TOP,
        toLocationType: 'internal',
      });
    });

    it("named at a zone: the correct serial takes the wrong one's own bin", () => {
      const decision = decide(correct(A));
      expect(decision.get('SN-2')?.[0].data).toMatchObject({
        fromLocationId: TOP,
        toLocationId: 'Virtual/Adjustment',
      });
      expect(decision.get('SN-NEW')?.[0].data).toMatchObject({ toLocationId: TOP });
    });

    it('swaps with a correct serial elsewhere in the zone, each taking the other bin', () => {
      const decision = decide(correct(A, 'SN-3'));
      expect(decision.get('SN-2')?.[0].data).toMatchObject({ fromLocationId: TOP, toLocationId: BIN_2 });
      expect(decision.get('SN-3')?.[0].data).toMatchObject({ fromLocationId: BIN_2, toLocationId: TOP });
    });

    it('refuses a wrong serial outside the location named', () =>
      spec([stocked]).when(correct(B)).thenThrows('SERIAL_NOT_AT_LOCATION', ['SN-2']));

    it("at a customer's site below Partners/Customers, named at Partners/Customers", () => {
      const given = {
        'SN-7': [
          received('SN-7'),
          {
            ...delivered('SN-7', 'C1'),
            data: { ...delivered('SN-7', 'C1').data, toLocationId: 'Partners/Customers/ACME' },
          },
        ] as SerialEvent[],
      };
      const decision = decide(
        {
          type: 'CorrectSerial',
          data: {
            productId: P,
            wrongSerialNumber: 'SN-7',
            correctSerialNumber: 'SN-1',
            locationId: 'Partners/Customers',
            reason: 'mix-up',
          },
        },
        { ...stocked, ...given },
      );
      expect(decision.get('SN-1')?.[0].data).toMatchObject({
        fromLocationId: BIN_1,
        toLocationId: 'Partners/Customers/ACME',
        toLocationType: 'customer',
        customerId: 'C1',
      });
    });
  });
});
