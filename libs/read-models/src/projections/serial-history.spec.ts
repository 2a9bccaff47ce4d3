import { EventLog } from '../testing/event-log';
import { recordedAtPosition as at } from '../testing/projection-specification';
import { serialEvents } from '../testing/serial-events';
import { appendHistoryEntry, toHistoryEntry } from './serial-history';

const { received, delivered, returned, reserved, correctedOut, correctedIn, warrantySet } = serialEvents;

describe('serial history projection', () => {
  it('records a move with its locations, documents and user', () => {
    const log = new EventLog('alice');
    log.serial(received('SN-1'));

    const entry = toHistoryEntry(
      log.serial(delivered('SN-1', 'C1', { reference: 'INV-1', movementId: 'MV-9' })),
    );

    expect(entry).toEqual({
      position: '2',
      revision: 1,
      at: at(2),
      type: 'SerialDelivered',
      fromLocationId: 'WH/Stock',
      toLocationId: 'Partners/Customers',
      movementId: 'MV-9',
      reference: 'INV-1',
      customerId: 'C1',
      vendorId: null,
      reason: null,
      counterpartSerialNumber: null,
      userId: 'alice',
      parent: null,
      components: null,
    });
  });

  it('records the vendor of a receipt, the reason of a return and of a correction', () => {
    const log = new EventLog();
    expect(toHistoryEntry(log.serial(received('SN-1', { vendorId: 'V2' })))).toMatchObject({
      vendorId: 'V2',
    });
    log.serial(delivered('SN-1'));
    expect(toHistoryEntry(log.serial(returned('SN-1', 'C1', { reason: 'defective' })))).toMatchObject({
      type: 'SerialReturned',
      customerId: 'C1',
      reason: 'defective',
    });
    expect(toHistoryEntry(log.serial(correctedOut('SN-1', 'SN-2')))).toMatchObject({
      reason: 'typo',
      toLocationId: 'Virtual/Adjustment',
    });
  });

  it("names the other serial on each of a correction's two entries, in either schema version", () => {
    const log = new EventLog();
    expect(toHistoryEntry(log.serial(correctedOut('SN-1', 'SN-2')))).toMatchObject({
      counterpartSerialNumber: 'SN-2',
    });
    expect(toHistoryEntry(log.serial(correctedIn('SN-2', 'SN-1'), { schemaVersion: '1' }))).toMatchObject({
      counterpartSerialNumber: 'SN-1',
    });
    expect(toHistoryEntry(log.serial(received('SN-3')))).toMatchObject({ counterpartSerialNumber: null });
  });

  it('leaves what an event does not carry null: a reservation has no locations, a warranty no customer', () => {
    const log = new EventLog();
    log.serial(received('SN-1'));
    const reservation = toHistoryEntry(log.serial(reserved('SN-1', 'SO-1')));
    const warranty = toHistoryEntry(
      log.serial(warrantySet('SN-1', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')),
    );

    expect(reservation).toMatchObject({ fromLocationId: null, toLocationId: null, reference: 'SO-1' });
    expect(warranty).toMatchObject({ customerId: null, reference: null, type: 'SerialWarrantySet' });
  });

  it('holds one entry per event, oldest first, whatever is replayed', () => {
    const log = new EventLog();
    const events = [received('SN-1'), reserved('SN-1', 'SO-1'), delivered('SN-1')].map((e) => log.serial(e));

    const history = [...events, events[1], events[0], ...events].reduce(appendHistoryEntry, []);

    expect(history.map((entry) => entry.revision)).toEqual([0, 1, 2]);
  });
});
