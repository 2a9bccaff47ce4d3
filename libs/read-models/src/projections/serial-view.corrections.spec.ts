import type { CorrectionCounterpart, SerialEvent } from '@serial/domain';
import { EventLog } from '../testing/event-log';
import { recordedAtPosition as at } from '../testing/projection-specification';
import { serialEvents } from '../testing/serial-events';
import { evolveSerialDocumentAtRoots, toSerialView, type SerialDocument } from './serial-view';

const { registered, received, delivered, correctedOut, correctedIn, warrantySet } = serialEvents;
const WARRANTY = { startsAt: '2026-03-01T08:00:01.000Z', endsAt: '2028-03-01T08:00:01.000Z' };

/** Records each serial's events in one log, as commands would, and folds each serial's view. */
function project(events: readonly (SerialEvent | [SerialEvent, Record<string, string>])[]) {
  const log = new EventLog();
  const views = new Map<string, SerialDocument>();
  for (const entry of events) {
    const [event, metadata] = Array.isArray(entry) ? entry : [entry, {}];
    const recorded = log.serial(event, metadata);
    const sn = event.data.serialNumber;
    views.set(sn, evolveSerialDocumentAtRoots(views.get(sn) ?? null, recorded));
  }
  return (sn: string) => views.get(sn) as SerialDocument;
}

/** The same event as version 1 wrote it: no kind, no counterpart. */
function v1(event: SerialEvent): [SerialEvent, Record<string, string>] {
  const { kind: _kind, counterpart: _counterpart, ...data } = event.data as Record<string, unknown>;
  return [{ ...event, data } as SerialEvent, { schemaVersion: '1' }];
}

const wrongFacts = (extra: Partial<CorrectionCounterpart> = {}): CorrectionCounterpart => ({
  reference: 'PO-1',
  vendorId: 'V1',
  receivedAt: at(1),
  purchaseReference: 'P-9',
  lot: 'L1',
  customerId: null,
  deliveredAt: null,
  warranty: null,
  ...extra,
});
const toCustomer = {
  from: 'WH/Shelf-2',
  to: 'Partners/Customers',
  toType: 'customer',
  customerId: 'C1',
} as const;
const backToShelf = {
  from: 'Partners/Customers',
  to: 'WH/Shelf-2',
  toType: 'internal',
  customerId: 'C1',
} as const;

describe('serial view after a correction (schema version 2)', () => {
  it('receipt typo: the correct serial shows the receipt it took over', () => {
    const view = project([
      received('WRONG', { vendorId: 'V1', reference: 'PO-1' }),
      correctedOut('WRONG', 'RIGHT'),
      correctedIn('RIGHT', 'WRONG', { counterpart: wrongFacts() }),
    ]);
    expect(view('RIGHT')).toMatchObject({
      state: 'in_stock',
      vendorId: 'V1',
      receivedAt: at(1),
      reference: 'PO-1',
      lot: 'L1',
    });
    expect(view('WRONG')).toMatchObject({
      state: 'written_off',
      vendorId: null,
      receivedAt: null,
      reference: null,
    });
  });

  it('delivery mix-up: the correct serial shows the delivery, its time and warranty; the wrong one none', () => {
    const delivery = { customerId: 'C1', deliveredAt: at(3), warranty: WARRANTY, reference: 'SO-9' };
    const view = project([
      received('WRONG'),
      received('RIGHT', { to: 'WH/Shelf-2', reference: 'PO-2' }),
      delivered('WRONG', 'C1', { reference: 'SO-9' }),
      warrantySet('WRONG', WARRANTY.startsAt, WARRANTY.endsAt),
      correctedOut('WRONG', 'RIGHT', { ...backToShelf, counterpart: wrongFacts({ reference: 'PO-2' }) }),
      correctedIn('RIGHT', 'WRONG', { ...toCustomer, counterpart: wrongFacts(delivery) }),
    ]);
    expect(view('RIGHT')).toMatchObject({ state: 'at_customer', ...delivery });
    expect(toSerialView(view('RIGHT'), new Date('2027-01-01T00:00:00Z')).warranty?.active).toBe(true);
    expect(view('WRONG')).toMatchObject({
      state: 'in_stock',
      locationId: 'WH/Shelf-2',
      customerId: null,
      deliveredAt: null,
      warranty: null,
      reference: 'PO-2',
    });
  });
});

describe('serial view after a correction recorded by version 1, as a rebuild of an old store shows it', () => {
  it('receipt typo: the wrong serial loses the receipt; the correct one cannot know it, so shows none', () => {
    const view = project([
      registered('WRONG', { purchaseReference: 'P-9', lot: 'L1' }),
      received('WRONG', { vendorId: 'V1', reference: 'PO-1' }),
      v1(correctedOut('WRONG', 'RIGHT')),
      v1(correctedIn('RIGHT', 'WRONG')),
    ]);
    expect(view('WRONG')).toMatchObject({
      state: 'written_off',
      vendorId: null,
      receivedAt: null,
      lot: null,
      reference: null,
    });
    expect(view('RIGHT')).toMatchObject({
      state: 'in_stock',
      vendorId: null,
      receivedAt: null,
      lot: null,
      reference: null,
    });
  });

  it("delivery mix-up: customer and warranty from the correct serial's own events, no delivery time or reference", () => {
    const view = project([
      received('WRONG'),
      received('RIGHT', { to: 'WH/Shelf-2', reference: 'PO-2' }),
      delivered('WRONG', 'C1', { reference: 'SO-9' }),
      warrantySet('WRONG', WARRANTY.startsAt, WARRANTY.endsAt),
      v1(correctedOut('WRONG', 'RIGHT', backToShelf)),
      v1(correctedIn('RIGHT', 'WRONG', toCustomer)),
      // Version 1 set the correct serial's warranty with an event of its own.
      warrantySet('RIGHT', WARRANTY.startsAt, WARRANTY.endsAt),
    ]);
    expect(view('RIGHT')).toMatchObject({
      state: 'at_customer',
      customerId: 'C1',
      warranty: WARRANTY,
      deliveredAt: null,
      reference: null,
    });
    expect(view('WRONG')).toMatchObject({
      state: 'in_stock',
      customerId: null,
      deliveredAt: null,
      warranty: null,
      reference: null,
    });
  });

  it('a correction with its own reference names it on both serials, in either version', () => {
    const view = project([
      received('WRONG', { reference: 'PO-1' }),
      v1(correctedOut('WRONG', 'RIGHT', { reference: 'FIX-1' })),
      v1(correctedIn('RIGHT', 'WRONG', { reference: 'FIX-1' })),
    ]);
    expect([view('WRONG').reference, view('RIGHT').reference]).toEqual(['FIX-1', 'FIX-1']);
  });
});
