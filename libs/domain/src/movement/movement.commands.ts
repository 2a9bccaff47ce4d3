import type { MovementLine, MovementType } from './movement.events';

export type CreateMovement = {
  type: 'CreateMovement';
  data: {
    movementId: string;
    movementType: MovementType;
    fromLocationId: string;
    toLocationId: string;
    reference?: string;
    partnerId?: string;
    lines: MovementLine[];
  };
};
export type AssignMovementSerials = {
  type: 'AssignMovementSerials';
  data: { movementId: string; lineIndex: number; serialNumbers: readonly string[] };
};
export type ValidateMovement = { type: 'ValidateMovement'; data: { movementId: string } };
export type CancelMovement = { type: 'CancelMovement'; data: { movementId: string } };

export type MovementCommand = CreateMovement | AssignMovementSerials | ValidateMovement | CancelMovement;
