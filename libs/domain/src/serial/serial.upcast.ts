import { WELL_KNOWN_LOCATIONS } from '../shared/master-data';
import type { StoredEvent } from '../shared/recorded';
import { storedSchemaVersion } from '../shared/schema-versions';
import type { CorrectionKind, SerialEvent } from './serial.events';

type CorrectionV1 = { data: { toLocationType: string; fromLocationId: string | null } };

/**
 * A stored serial event in the current shape. Version 1 of the correction events did not say which kind
 * of correction it was, nor what the counterpart handed over: the kind follows from where the serials
 * went (a replaced serial leaves for, and its replacement comes from, Virtual/Adjustment), and the
 * counterpart is unknown (`null`), so the fold keeps only what each serial's own stream tells. Version 1
 * of SerialDelivered carried no warranty: a SerialWarrantySet followed it.
 */
export function upcastSerialEvent(stored: StoredEvent): SerialEvent {
  const event = stored as unknown as SerialEvent;
  if (storedSchemaVersion(stored) >= 2) return event;
  switch (event.type) {
    case 'SerialCorrectedOut': {
      const kind: CorrectionKind =
        (stored as unknown as CorrectionV1).data.toLocationType === 'adjustment' ? 'replace' : 'swap';
      return { type: event.type, data: { ...event.data, kind, counterpart: null } };
    }
    case 'SerialCorrectedIn': {
      const from = (stored as unknown as CorrectionV1).data.fromLocationId;
      const kind: CorrectionKind = from === WELL_KNOWN_LOCATIONS.adjustment.id ? 'replace' : 'swap';
      return { type: event.type, data: { ...event.data, kind, counterpart: null } };
    }
    case 'SerialDelivered':
      // Its warranty, if any, is the SerialWarrantySet written right after it.
      return { type: event.type, data: { ...event.data, warranty: null } };
    default:
      return event;
  }
}
