import { lifecycleState, type SerialEvent } from '@serial/domain';
import type { RecordedEvent } from '@serial/event-store';
import { evolveSerialDocumentAtRoots, toSerialView, type SerialDocument } from '../projections/serial-view';

type Correction = Extract<SerialEvent, { type: 'SerialCorrectedOut' | 'SerialCorrectedIn' }>['data'];

/**
 * API.md "What the view's fields mean", checked on the view after every event of a log in global
 * order, without looking at how the projection computes them: each field must say what the story of
 * the events says. Returns the documents at the end, by stream.
 */
export function expectFieldRules(events: readonly RecordedEvent[]): Map<string, SerialDocument> {
  const documents = new Map<string, SerialDocument>();
  const past: RecordedEvent[] = [];
  let wrongBefore: SerialDocument | undefined;
  let wrongStream = '';
  for (const event of events) {
    const before = documents.get(event.streamId);
    const after = evolveSerialDocumentAtRoots(before ?? null, event);
    documents.set(event.streamId, after);
    past.push(event);
    expectFieldsTrue(after, past);
    if (event.type === 'SerialCorrectedOut') [wrongBefore, wrongStream] = [before, event.streamId];
    if (event.type === 'SerialCorrectedIn' && wrongBefore) {
      const data = event.data as Correction;
      const wrongAfter = documents.get(wrongStream) as SerialDocument;
      expectHandOver(data, { wrongBefore, wrongAfter, correctBefore: before ?? null, correctAfter: after });
    }
  }
  return documents;
}

function expectFieldsTrue(document: SerialDocument, past: readonly RecordedEvent[]): void {
  const atCustomer = document.state === 'at_customer';
  expect(document.state).toBe(lifecycleState(document));
  expect({ customerId: document.customerId !== null, deliveredAt: document.deliveredAt !== null }).toEqual({
    customerId: atCustomer,
    deliveredAt: atCustomer,
  });
  const happened = (type: string, match: (event: RecordedEvent) => boolean) =>
    past.some((event) => event.type === type && match(event));
  const at = (time: string | null) => (event: RecordedEvent) => event.recordedAt.toISOString() === time;
  if (atCustomer) {
    // The delivery that put it there, whichever unit it was recorded on.
    const delivery = (e: RecordedEvent) =>
      at(document.deliveredAt)(e) && e.data.customerId === document.customerId;
    expect(happened('SerialDelivered', delivery)).toBe(true);
  }
  if (document.receivedAt !== null) expect(happened('SerialReceived', at(document.receivedAt))).toBe(true);
  if (document.reference !== null) {
    expect(past.some((e) => 'toLocationId' in e.data && e.data.reference === document.reference)).toBe(true);
  }
  if (document.warranty) {
    const during = new Date(Date.parse(document.warranty.startsAt) + 1);
    const active = toSerialView(document, during).warranty?.active;
    const gone = document.state === 'scrapped' || document.state === 'written_off';
    expect(active).toBe(!gone && during.getTime() < Date.parse(document.warranty.endsAt));
  }
}

function expectHandOver(
  data: Correction,
  serials: {
    wrongBefore: SerialDocument;
    wrongAfter: SerialDocument;
    correctBefore: SerialDocument | null;
    correctAfter: SerialDocument;
  },
): void {
  const { wrongBefore, wrongAfter, correctBefore, correctAfter } = serials;
  expect(correctAfter.locationId).toBe(wrongBefore.locationId);
  if (wrongBefore.state === 'at_customer') {
    expect(pick(correctAfter, DELIVERY)).toEqual(pick(wrongBefore, DELIVERY));
    expect(pick(wrongAfter, DELIVERY)).toEqual({ customerId: null, deliveredAt: null, warranty: null });
  }
  if (data.kind === 'replace') {
    expect(wrongAfter.state).toBe('written_off');
    expect(pick(correctAfter, RECEIPT)).toEqual({
      vendorId: wrongBefore.vendorId,
      receivedAt: wrongBefore.receivedAt,
      purchaseReference: wrongBefore.purchaseReference ?? correctBefore?.purchaseReference ?? null,
      lot: wrongBefore.lot ?? correctBefore?.lot ?? null,
    });
    expect(pick(wrongAfter, RECEIPT)).toEqual({
      vendorId: null,
      receivedAt: null,
      purchaseReference: null,
      lot: null,
    });
  } else {
    expect(wrongAfter.locationId).toBe(correctBefore?.locationId);
    expect(pick(correctAfter, RECEIPT)).toEqual(pick(correctBefore as SerialDocument, RECEIPT));
    expect(pick(wrongAfter, RECEIPT)).toEqual(pick(wrongBefore, RECEIPT));
  }
  expect(correctAfter.reference).toBe(data.reference ?? wrongBefore.reference);
  const handedBack = data.kind === 'swap' ? (correctBefore?.reference ?? null) : null;
  expect(wrongAfter.reference).toBe(data.reference ?? handedBack);
}

const DELIVERY = ['customerId', 'deliveredAt', 'warranty'] as const;
const RECEIPT = ['vendorId', 'receivedAt', 'purchaseReference', 'lot'] as const;

function pick<Key extends keyof SerialDocument>(document: SerialDocument, keys: readonly Key[]) {
  return Object.fromEntries(keys.map((key) => [key, document[key]])) as Pick<SerialDocument, Key>;
}
