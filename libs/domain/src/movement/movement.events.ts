export const MOVEMENT_TYPES = ['receipt', 'delivery', 'internal'] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

export type MovementLine = { productId: string; quantity: number };

export type MovementCreated = {
  type: 'MovementCreated';
  data: {
    movementId: string;
    movementType: MovementType;
    fromLocationId: string;
    toLocationId: string;
    reference: string | null;
    partnerId: string | null;
    lines: MovementLine[];
  };
};
/** Replaces the serials of one line. */
export type MovementSerialsAssigned = {
  type: 'MovementSerialsAssigned';
  data: { movementId: string; lineIndex: number; serialNumbers: string[] };
};
export type MovementValidated = { type: 'MovementValidated'; data: { movementId: string } };
export type MovementCancelled = { type: 'MovementCancelled'; data: { movementId: string } };

export type MovementEvent = MovementCreated | MovementSerialsAssigned | MovementValidated | MovementCancelled;
