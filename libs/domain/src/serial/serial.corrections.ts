import { DomainError, type SerialViolation } from '../shared/domain-error';
import { WELL_KNOWN_LOCATIONS } from '../shared/master-data';
import type { CorrectSerial } from './serial.commands';
import {
  assertSerialFormat,
  existsAlready,
  installedInAnother,
  isWithin,
  lookupSerial,
  reservedForAnother,
  violation,
} from './serial.checks';
import { requireLocation, type SerialRule } from './serial.context';
import type { CorrectionCounterpart, CorrectionKind, SerialEvent } from './serial.events';
import { isOnHand, type KnownSerial, type OnHandSerial } from './serial.state';

/**
 * Fixes a serial recorded by mistake on a done move (API.md). When the correct serial is on hand
 * elsewhere the two swap places (a delivery mix-up); otherwise the wrong one leaves through
 * Virtual/Adjustment and the correct one arrives (a receipt typo). Both streams change together, and
 * each event carries the other serial's facts, which the fold hands over (serial.handover.ts).
 */
export const correctSerial: SerialRule<CorrectSerial> = {
  locations: ({ data }) => [data.locationId, WELL_KNOWN_LOCATIONS.adjustment.id],
  decide: (command, context, product) => {
    const { productId } = product;
    const { wrongSerialNumber, correctSerialNumber, locationId, reason, reference = null } = command.data;
    const named = requireLocation(context, locationId, ['internal', 'customer'], 'Location');
    const adjustment = requireLocation(
      context,
      WELL_KNOWN_LOCATIONS.adjustment.id,
      ['adjustment'],
      'Adjustment location',
    );
    assertSerialFormat(context, product, [correctSerialNumber]);

    const violations: SerialViolation[] = [];
    const wrong = lookupSerial(context, productId, wrongSerialNumber);
    const wrongInstalled = wrong.kind === 'own' ? installedInAnother(wrong.serial) : null;
    if (wrong.kind !== 'own') violations.push(violation.notFound(wrongSerialNumber, productId));
    else if (wrongInstalled) violations.push(wrongInstalled);
    else if (!isWithin(context, wrong.serial.locationId, locationId))
      violations.push(violation.notAt(wrongSerialNumber, locationId));
    // Named at a zone, the correct serial takes the wrong one's own place: its bin.
    const at = wrong.kind === 'own' && wrong.serial.locationId !== null ? wrong.serial : named;

    const correct = lookupSerial(context, productId, correctSerialNumber);
    const exists = existsAlready(correct, correctSerialNumber, at.locationId);
    let swapWith: OnHandSerial | null = null;
    if (exists) {
      violations.push(exists);
    } else if (correct.kind === 'own' && isOnHand(correct.serial)) {
      const taken = reservedForAnother(correct.serial, reference);
      if (taken) violations.push(taken);
      else swapWith = correct.serial;
    }
    if (violations.length > 0 || wrong.kind !== 'own') throw DomainError.fromViolations(violations);

    const customerId = at.locationType === 'customer' ? wrong.serial.customerId : null;
    const elsewhere = swapWith ?? adjustment;
    const kind: CorrectionKind = swapWith ? 'swap' : 'replace';
    const common = { productId, movementId: null, reference, reason, customerId, kind };
    const correctBefore = correct.kind === 'own' ? counterpartOf(correct.serial) : null;

    const wrongEvents: SerialEvent[] = [
      {
        type: 'SerialCorrectedOut',
        data: {
          ...common,
          serialNumber: wrongSerialNumber,
          fromLocationId: at.locationId,
          toLocationId: elsewhere.locationId,
          toLocationType: elsewhere.locationType,
          correctSerialNumber,
          counterpart: correctBefore,
        },
      },
    ];
    const correctEvents: SerialEvent[] = [
      {
        type: 'SerialCorrectedIn',
        data: {
          ...common,
          serialNumber: correctSerialNumber,
          fromLocationId: elsewhere.locationId,
          toLocationId: at.locationId,
          toLocationType: at.locationType,
          wrongSerialNumber,
          counterpart: counterpartOf(wrong.serial),
        },
      },
    ];
    return new Map([
      [wrongSerialNumber, wrongEvents],
      [correctSerialNumber, correctEvents],
    ]);
  },
};

/** What a serial can hand over in a correction, as it is just before. */
function counterpartOf(serial: KnownSerial): CorrectionCounterpart {
  const { reference, vendorId, receivedAt, purchaseReference, lot, customerId, deliveredAt, warranty } =
    serial;
  return { reference, vendorId, receivedAt, purchaseReference, lot, customerId, deliveredAt, warranty };
}
