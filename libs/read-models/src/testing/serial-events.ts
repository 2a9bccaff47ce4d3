import type { CorrectionCounterpart, CorrectionKind, LocationType, SerialEvent } from '@serial/domain';

const P = 'LAPTOP';
const noDocument = { movementId: null, reference: null };

type Move = {
  from?: string | null;
  to?: string;
  toType?: LocationType;
  reference?: string | null;
  movementId?: string | null;
};

type CorrectionGiven = Move & {
  customerId?: string;
  kind?: CorrectionKind;
  counterpart?: CorrectionCounterpart | null;
};

const move = (sn: string, defaults: Required<Move>, given: Move) => ({
  productId: P,
  serialNumber: sn,
  fromLocationId: given.from === undefined ? defaults.from : given.from,
  toLocationId: given.to ?? defaults.to,
  toLocationType: given.toType ?? defaults.toType,
  movementId: given.movementId ?? defaults.movementId,
  reference: given.reference === undefined ? defaults.reference : given.reference,
});

const toStock = { from: 'Partners/Vendors', to: 'WH/Stock', toType: 'internal', ...noDocument } as const;

/** Serial events of product LAPTOP as the deciders write them, with overridable locations and references. */
export const serialEvents = {
  registered: (
    sn: string,
    extra: Partial<Record<'internalReference' | 'purchaseReference' | 'lot', string>> = {},
  ): SerialEvent => ({
    type: 'SerialRegistered',
    data: {
      productId: P,
      serialNumber: sn,
      internalReference: null,
      purchaseReference: null,
      lot: null,
      ...extra,
    },
  }),
  received: (sn: string, given: Move & { vendorId?: string } = {}): SerialEvent => ({
    type: 'SerialReceived',
    data: { ...move(sn, toStock, given), vendorId: given.vendorId ?? 'V1' },
  }),
  transferred: (sn: string, given: Move = {}): SerialEvent => ({
    type: 'SerialTransferred',
    data: move(sn, { from: 'WH/Stock', to: 'WH/Shelf-2', toType: 'internal', ...noDocument }, given),
  }),
  delivered: (sn: string, customerId = 'C1', given: Move = {}): SerialEvent => ({
    type: 'SerialDelivered',
    data: {
      ...move(sn, { from: 'WH/Stock', to: 'Partners/Customers', toType: 'customer', ...noDocument }, given),
      customerId,
      warranty: null,
    },
  }),
  returned: (sn: string, customerId = 'C1', given: Move & { reason?: string } = {}): SerialEvent => ({
    type: 'SerialReturned',
    data: {
      ...move(sn, { from: 'Partners/Customers', to: 'WH/Stock', toType: 'internal', ...noDocument }, given),
      customerId,
      reason: given.reason ?? null,
    },
  }),
  scrapped: (sn: string, given: Move = {}): SerialEvent => ({
    type: 'SerialScrapped',
    data: {
      ...move(sn, { from: 'WH/Stock', to: 'Virtual/Scrap', toType: 'scrap', ...noDocument }, given),
      reason: 'broken',
    },
  }),
  adjusted: (sn: string, direction: 'found' | 'lost', given: Move = {}): SerialEvent => {
    const found = { from: 'Virtual/Adjustment', to: 'WH/Stock', toType: 'internal', ...noDocument } as const;
    const lost = { from: 'WH/Stock', to: 'Virtual/Adjustment', toType: 'adjustment', ...noDocument } as const;
    return {
      type: 'SerialAdjusted',
      data: { ...move(sn, direction === 'found' ? found : lost, given), direction, reason: 'count' },
    };
  },
  correctedOut: (sn: string, correct: string, given: CorrectionGiven = {}): SerialEvent => ({
    type: 'SerialCorrectedOut',
    data: {
      ...move(sn, { from: 'WH/Stock', to: 'Virtual/Adjustment', toType: 'adjustment', ...noDocument }, given),
      reason: 'typo',
      correctSerialNumber: correct,
      customerId: given.customerId ?? null,
      kind: given.kind ?? (given.toType === undefined || given.toType === 'adjustment' ? 'replace' : 'swap'),
      counterpart: given.counterpart ?? null,
    },
  }),
  correctedIn: (sn: string, wrong: string, given: CorrectionGiven = {}): SerialEvent => ({
    type: 'SerialCorrectedIn',
    data: {
      ...move(sn, { from: 'Virtual/Adjustment', to: 'WH/Stock', toType: 'internal', ...noDocument }, given),
      reason: 'typo',
      wrongSerialNumber: wrong,
      customerId: given.customerId ?? null,
      kind:
        given.kind ?? (given.from === undefined || given.from === 'Virtual/Adjustment' ? 'replace' : 'swap'),
      counterpart: given.counterpart ?? null,
    },
  }),
  reserved: (sn: string, reference: string, locationId = 'WH/Stock'): SerialEvent => ({
    type: 'SerialReserved',
    data: { productId: P, serialNumber: sn, locationId, reference },
  }),
  released: (sn: string, reference: string): SerialEvent => ({
    type: 'SerialReservationReleased',
    data: { productId: P, serialNumber: sn, reference },
  }),
  warrantySet: (
    sn: string,
    startsAt: string,
    endsAt: string,
    reference: string | null = null,
  ): SerialEvent => ({
    type: 'SerialWarrantySet',
    data: { productId: P, serialNumber: sn, startsAt, endsAt, reference },
  }),
};
