import type { SerialEvent } from '@serial/domain';
import { EventLog } from '../testing/event-log';
import { serialEvents } from '../testing/serial-events';
import { projectionSpecification, recordedAtPosition as at } from '../testing/projection-specification';
import { evolveSerialDocumentAtRoots, toSerialView, type SerialDocument } from './serial-view';

const { registered, received, transferred, delivered, returned, scrapped, adjusted } = serialEvents;
const { correctedOut, correctedIn, reserved, released, warrantySet } = serialEvents;

const given = projectionSpecification<SerialEvent, SerialDocument>(
  (log, event) => log.serial(event),
  evolveSerialDocumentAtRoots,
);

describe('serial view projection', () => {
  it('SerialRegistered: exists with its references, not on hand', () => {
    given()
      .when(registered('SN-1', { internalReference: 'INT-1', purchaseReference: 'PO-1', lot: 'L1' }))
      .then({
        productId: 'LAPTOP',
        serialNumber: 'SN-1',
        status: 'out_of_stock',
        onHand: false,
        locationId: null,
        locationType: null,
        internalReference: 'INT-1',
        purchaseReference: 'PO-1',
        lot: 'L1',
        receivedAt: null,
        lastMovedAt: null,
        revision: 0,
        position: '1',
        updatedAt: at(1),
      });
  });

  it('SerialReceived: available where it arrived, from its vendor, with the receipt reference', () => {
    given(registered('SN-1'))
      .when(received('SN-1', { vendorId: 'V7', reference: 'BILL-1', movementId: 'MV-1' }))
      .then({
        status: 'available',
        onHand: true,
        locationId: 'WH/Stock',
        locationType: 'internal',
        vendorId: 'V7',
        reference: 'BILL-1',
        receivedAt: at(2),
        lastMovedAt: at(2),
        revision: 1,
        position: '2',
      });
  });

  it('SerialTransferred: moves within the warehouse and keeps its reservation', () => {
    given(received('SN-1'), reserved('SN-1', 'SO-1'))
      .when(transferred('SN-1', { reference: 'INT/7' }))
      .then({
        status: 'reserved',
        locationId: 'WH/Shelf-2',
        reservedFor: 'SO-1',
        reference: 'INT/7',
        receivedAt: at(1),
        lastMovedAt: at(3),
      });
  });

  it('SerialTransferred into transit: on hand but not available', () => {
    given(received('SN-1'))
      .when(transferred('SN-1', { to: 'Transit/Truck', toType: 'transit' }))
      .then({ status: 'out_of_stock', onHand: true, locationType: 'transit' });
  });

  it('SerialReserved: reserved for the reference, where it is', () => {
    given(received('SN-1'))
      .when(reserved('SN-1', 'SO-1'))
      .then({ status: 'reserved', reservedFor: 'SO-1', reference: null, lastMovedAt: at(1) });
  });

  it('SerialReservationReleased: available again', () => {
    given(received('SN-1'), reserved('SN-1', 'SO-1'))
      .when(released('SN-1', 'SO-1'))
      .then({ status: 'available', reservedFor: null, revision: 2 });
  });

  it('SerialDelivered: out at the customer, reservation consumed, delivery time kept', () => {
    given(received('SN-1'), reserved('SN-1', 'SO-1'))
      .when(delivered('SN-1', 'C9', { reference: 'INV-1' }))
      .then({
        status: 'out_of_stock',
        onHand: false,
        locationId: 'Partners/Customers',
        locationType: 'customer',
        customerId: 'C9',
        reservedFor: null,
        reference: 'INV-1',
        deliveredAt: at(3),
      });
  });

  it('SerialReturned: back in stock, at no customer any more, its delivery only in its history', () => {
    given(received('SN-1'), delivered('SN-1', 'C9'))
      .when(returned('SN-1', 'C9', { reference: 'RMA-1', reason: 'defective' }))
      .then({
        status: 'available',
        state: 'in_stock',
        locationId: 'WH/Stock',
        customerId: null,
        reference: 'RMA-1',
        deliveredAt: null,
        lastMovedAt: at(3),
      });
  });

  it('SerialScrapped: out of stock in the scrap location', () => {
    given(received('SN-1'))
      .when(scrapped('SN-1'))
      .then({ status: 'out_of_stock', onHand: false, locationId: 'Virtual/Scrap', locationType: 'scrap' });
  });

  it('SerialAdjusted found: a serial never seen appears in stock', () => {
    given()
      .when(adjusted('SN-1', 'found', { to: 'WH/Shelf-2' }))
      .then({ status: 'available', locationId: 'WH/Shelf-2', receivedAt: null, lastMovedAt: at(1) });
  });

  it('SerialAdjusted lost: written off to the adjustment location', () => {
    given(received('SN-1'), reserved('SN-1', 'SO-1'))
      .when(adjusted('SN-1', 'lost'))
      .then({ status: 'out_of_stock', locationId: 'Virtual/Adjustment', reservedFor: null });
  });

  describe('corrections', () => {
    it('receipt typo, SerialCorrectedOut: the wrong serial leaves stock for the adjustment location', () => {
      given(received('SN-WRONG'))
        .when(correctedOut('SN-WRONG', 'SN-RIGHT'))
        .then({ status: 'out_of_stock', locationId: 'Virtual/Adjustment', locationType: 'adjustment' });
    });

    it('receipt typo, SerialCorrectedIn: the correct serial arrives where the wrong one was', () => {
      given()
        .when(correctedIn('SN-RIGHT', 'SN-WRONG'))
        .then({ status: 'available', locationId: 'WH/Stock', customerId: null, revision: 0 });
    });

    it('delivery mix-up, SerialCorrectedOut: the wrong serial comes back, its delivery and warranty undone', () => {
      const out = {
        from: 'Partners/Customers',
        to: 'WH/Stock',
        toType: 'internal',
        customerId: 'C1',
      } as const;
      given(
        received('SN-WRONG'),
        delivered('SN-WRONG', 'C1'),
        warrantySet('SN-WRONG', '2026-03-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'),
      )
        .when(correctedOut('SN-WRONG', 'SN-RIGHT', out))
        .then({ status: 'available', locationId: 'WH/Stock', customerId: null, warranty: null });
    });

    it('delivery mix-up, SerialCorrectedIn: the correct serial goes out to that customer instead', () => {
      const into = {
        from: 'WH/Stock',
        to: 'Partners/Customers',
        toType: 'customer',
        customerId: 'C1',
      } as const;
      given(received('SN-RIGHT'), reserved('SN-RIGHT', 'SO-1'))
        .when(correctedIn('SN-RIGHT', 'SN-WRONG', into))
        .then({
          status: 'out_of_stock',
          locationId: 'Partners/Customers',
          customerId: 'C1',
          reservedFor: null,
        });
    });
  });

  it('SerialWarrantySet: sets or overrides the warranty without moving the serial, nor its reference', () => {
    given(
      received('SN-1', { reference: 'BILL-1' }),
      warrantySet('SN-1', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'),
    )
      .when(warrantySet('SN-1', '2026-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z', 'EXT-1'))
      .then({
        warranty: { startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2028-01-01T00:00:00.000Z' },
        reference: 'BILL-1',
        lastMovedAt: at(1),
        updatedAt: at(3),
      });
  });

  it('keeps the last document reference when an event carries none', () => {
    given(received('SN-1', { reference: 'BILL-1' }))
      .when(transferred('SN-1'))
      .then({ reference: 'BILL-1' });
  });

  it('ignores an event it already holds, so a replay changes nothing', () => {
    given(received('SN-1'), reserved('SN-1', 'SO-1'), delivered('SN-1')).whenReplayed(1).thenUnchanged();
    given(received('SN-1'), reserved('SN-1', 'SO-1')).whenReplayed(1).thenUnchanged();
  });

  it('serves the warranty as active only between its start and its end', () => {
    const log = new EventLog();
    const document = [
      received('SN-1'),
      warrantySet('SN-1', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'),
    ]
      .map((event) => log.serial(event))
      .reduce<SerialDocument | null>(evolveSerialDocumentAtRoots, null) as SerialDocument;

    const activeAt = (iso: string) => toSerialView(document, new Date(iso)).warranty?.active;

    expect(activeAt('2025-12-31T23:59:59.999Z')).toBe(false);
    expect(activeAt('2026-01-01T00:00:00.000Z')).toBe(true);
    expect(activeAt('2027-01-01T00:00:00.000Z')).toBe(false);
    expect(toSerialView({ ...document, warranty: null }, new Date()).warranty).toBeNull();
  });
});
