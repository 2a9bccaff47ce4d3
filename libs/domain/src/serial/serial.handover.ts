import type { SerialCorrectedIn, SerialCorrectedOut } from './serial.events';
import type { KnownSerial } from './serial.state';

/**
 * The wrong serial of a correction, already moved to where it really is (`moved`). It was never at the
 * customer, so it keeps no warranty from there; a replaced serial never existed as recorded, so its
 * receipt stays in its history only. Its reference is the correction's own, or in a swap the one of
 * the document that put the correct serial where the wrong one now is.
 */
export function correctedOut(
  before: KnownSerial,
  moved: KnownSerial,
  data: SerialCorrectedOut['data'],
): KnownSerial {
  const warranty = before.locationType === 'customer' ? null : before.warranty;
  if (data.kind === 'replace') {
    const erased = { vendorId: null, receivedAt: null, purchaseReference: null, lot: null };
    return { ...moved, ...erased, warranty, reference: data.reference };
  }
  return { ...moved, warranty, reference: data.reference ?? data.counterpart?.reference ?? null };
}

/**
 * The correct serial of a correction, already moved to where the wrong one was recorded. It takes over
 * what the wrong one hands over: in a replacement its receipt (vendor, time, purchase reference, lot),
 * and at a customer its delivery (customer, time, warranty: the customer's warranty began at the
 * delivery, not at the correction). Without the counterpart's facts (a version 1 event) it takes what
 * its own event says: the customer, and no receipt or delivery time.
 */
export function correctedIn(
  before: KnownSerial,
  moved: KnownSerial,
  data: SerialCorrectedIn['data'],
): KnownSerial {
  const wrong = data.counterpart;
  const reference = data.reference ?? wrong?.reference ?? null;
  const receipt =
    data.kind === 'replace'
      ? {
          vendorId: wrong?.vendorId ?? null,
          receivedAt: wrong?.receivedAt ?? null,
          purchaseReference: wrong?.purchaseReference ?? before.purchaseReference,
          lot: wrong?.lot ?? before.lot,
        }
      : {};
  const delivery =
    data.toLocationType === 'customer'
      ? {
          customerId: wrong?.customerId ?? data.customerId,
          deliveredAt: wrong?.deliveredAt ?? null,
          warranty: wrong ? wrong.warranty : before.warranty,
        }
      : {};
  return { ...moved, ...receipt, ...delivery, reference };
}
