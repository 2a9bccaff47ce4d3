import { decideSerials } from './serial.decider';
import type { CorrectSerial } from './serial.commands';
import type { SerialEvent } from './serial.events';
import { lifecycleState } from './serial.lifecycle';
import { foldSerial, initialSerialState, type SerialState } from './serial.state';
import { history, locations, NOW, product } from '../testing/serial-fixtures';

const RECEIVED = '2026-01-10T09:00:00.000Z';
const DELIVERED = '2026-02-01T10:00:00.000Z';
const WARRANTY = { startsAt: DELIVERED, endsAt: '2027-02-01T10:00:00.000Z' };

/** A serial's past as stored: each event at its own time. */
type Story = readonly (readonly [SerialEvent, string])[];
const fold = (story: Story): SerialState =>
  story.reduce((state, [event, at]) => foldSerial([event], state, at), initialSerialState);

const received = (sn: string, reference: string, vendorId = 'V1', at = 'WH/Stock'): SerialEvent => {
  const event = history.received(sn, at);
  return { ...event, data: { ...event.data, reference, vendorId } } as SerialEvent;
};
const delivered = (sn: string): SerialEvent => {
  const event = history.delivered(sn, 'C1');
  return { ...event, data: { ...event.data, reference: 'SO-9' } } as SerialEvent;
};
const registered = (sn: string): SerialEvent => ({
  type: 'SerialRegistered',
  data: {
    productId: 'LAPTOP',
    serialNumber: sn,
    internalReference: 'I-1',
    purchaseReference: 'PO-1',
    lot: 'L1',
  },
});
const warrantySet = (sn: string): SerialEvent => ({
  type: 'SerialWarrantySet',
  data: { productId: 'LAPTOP', serialNumber: sn, ...WARRANTY, reference: null },
});
const correct = (locationId: string, reference?: string): CorrectSerial => ({
  type: 'CorrectSerial',
  data: {
    productId: 'LAPTOP',
    wrongSerialNumber: 'WRONG',
    correctSerialNumber: 'RIGHT',
    locationId,
    reason: 'mix-up',
    ...(reference ? { reference } : {}),
  },
});

/**
 * Given the two serials' stories, when the correction is decided, then both serials as the fold of
 * their stories and the new events says: what the view shows after it (API.md "What the view's fields mean").
 */
function given(wrong: Story, right: Story = []) {
  return {
    when: (command: CorrectSerial) => {
      const before = new Map([
        ['WRONG', fold(wrong)],
        ...(right.length > 0 ? [['RIGHT', fold(right)] as const] : []),
      ]);
      const decision = decideSerials(command, {
        product: product(),
        locations: locations(),
        serials: before,
        now: NOW,
      });
      const after = (sn: string) => {
        const state = foldSerial(decision.get(sn) ?? [], before.get(sn), NOW);
        return state.status === 'known' ? { ...state, state: lifecycleState(state) } : state;
      };
      return {
        then: (expected: { wrong: object; right: object }) =>
          expect({ wrong: after('WRONG'), right: after('RIGHT') }).toMatchObject(expected),
      };
    },
  };
}

const stocked: Story = [
  [registered('WRONG'), RECEIVED],
  [received('WRONG', 'PO-1'), RECEIVED],
];
const atCustomer: Story = [...stocked, [delivered('WRONG'), DELIVERED]];
const gone = { vendorId: null, receivedAt: null, purchaseReference: null, lot: null };

describe('what a correction hands over', () => {
  it('receipt typo in stock: the correct serial takes the receipt, the wrong one keeps it in its history only', () =>
    given(stocked)
      .when(correct('WH/Stock'))
      .then({
        right: {
          state: 'in_stock',
          locationId: 'WH/Stock',
          vendorId: 'V1',
          receivedAt: RECEIVED,
          purchaseReference: 'PO-1',
          lot: 'L1',
          reference: 'PO-1',
          customerId: null,
          warranty: null,
        },
        wrong: { state: 'written_off', ...gone, reference: null, internalReference: 'I-1' },
      }));

  it("receipt typo with the correction's own reference: that is the document of both serials", () =>
    given(stocked)
      .when(correct('WH/Stock', 'FIX-1'))
      .then({
        right: { reference: 'FIX-1', vendorId: 'V1' },
        wrong: { reference: 'FIX-1', vendorId: null },
      }));

  it('receipt typo in stock with a warranty: the warranty stays on the unit written off, inactive there', () =>
    given([...stocked, [warrantySet('WRONG'), RECEIVED]])
      .when(correct('WH/Stock'))
      .then({ right: { warranty: null }, wrong: { state: 'written_off', warranty: WARRANTY } }));

  it('receipt typo at a customer, with a warranty: the correct serial takes the receipt and the delivery', () =>
    given([...atCustomer, [warrantySet('WRONG'), DELIVERED]])
      .when(correct('Partners/Customers'))
      .then({
        right: {
          state: 'at_customer',
          customerId: 'C1',
          deliveredAt: DELIVERED,
          warranty: WARRANTY,
          vendorId: 'V1',
          receivedAt: RECEIVED,
          reference: 'SO-9',
        },
        wrong: { state: 'written_off', customerId: null, deliveredAt: null, warranty: null, ...gone },
      }));

  it('receipt typo at a customer without a warranty: none is made up', () =>
    given(atCustomer, [[registered('RIGHT'), RECEIVED]])
      .when(correct('Partners/Customers'))
      .then({
        right: { customerId: 'C1', deliveredAt: DELIVERED, warranty: null },
        wrong: { warranty: null },
      }));

  it('delivery mix-up with a warranty: the correct serial takes the delivery and its dates, the wrong one comes back', () =>
    given(
      [...atCustomer, [warrantySet('WRONG'), DELIVERED]],
      [[received('RIGHT', 'PO-2', 'V2', 'WH/Shelf-2'), RECEIVED]],
    )
      .when(correct('Partners/Customers'))
      .then({
        right: {
          state: 'at_customer',
          customerId: 'C1',
          deliveredAt: DELIVERED,
          warranty: WARRANTY,
          reference: 'SO-9',
          vendorId: 'V2',
          purchaseReference: null,
        },
        wrong: {
          state: 'in_stock',
          locationId: 'WH/Shelf-2',
          customerId: null,
          deliveredAt: null,
          warranty: null,
          reference: 'PO-2',
          vendorId: 'V1',
          receivedAt: RECEIVED,
        },
      }));

  it("delivery mix-up without a warranty: neither has one, whatever the correct serial's own said", () =>
    given(atCustomer, [
      [received('RIGHT', 'PO-2', 'V2', 'WH/Shelf-2'), RECEIVED],
      [warrantySet('RIGHT'), RECEIVED],
    ])
      .when(correct('Partners/Customers'))
      .then({ right: { customerId: 'C1', warranty: null }, wrong: { customerId: null, warranty: null } }));

  it('a swap in stock: the places and their documents change hands, each unit keeps its receipt and warranty', () =>
    given(
      [...stocked, [warrantySet('WRONG'), RECEIVED]],
      [[received('RIGHT', 'PO-2', 'V2', 'WH/Shelf-2'), RECEIVED]],
    )
      .when(correct('WH/Stock'))
      .then({
        right: {
          state: 'in_stock',
          locationId: 'WH/Stock',
          reference: 'PO-1',
          vendorId: 'V2',
          warranty: null,
        },
        wrong: {
          state: 'in_stock',
          locationId: 'WH/Shelf-2',
          reference: 'PO-2',
          vendorId: 'V1',
          lot: 'L1',
          warranty: WARRANTY,
        },
      }));
});
