import type { MovementEvent, MovementLine, MovementType } from './movement.events';

export type MovementLineState = MovementLine & { serialNumbers: string[] };

type MovementDocument = {
  movementId: string;
  movementType: MovementType;
  fromLocationId: string;
  toLocationId: string;
  reference: string | null;
  partnerId: string | null;
  lines: MovementLineState[];
};

/** pending → done | cancelled (the seed's receipt/delivery documents). */
export type MovementState =
  { status: 'none' } | (MovementDocument & { status: 'pending' | 'done' | 'cancelled' });

export type ExistingMovement = Exclude<MovementState, { status: 'none' }>;

export const initialMovementState: MovementState = { status: 'none' };

export function evolveMovement(state: MovementState, event: MovementEvent): MovementState {
  switch (event.type) {
    case 'MovementCreated': {
      const { lines, ...rest } = event.data;
      return { status: 'pending', ...rest, lines: lines.map((line) => ({ ...line, serialNumbers: [] })) };
    }
    case 'MovementSerialsAssigned':
      if (state.status === 'none') return state;
      return {
        ...state,
        lines: state.lines.map((line, index) =>
          index === event.data.lineIndex ? { ...line, serialNumbers: [...event.data.serialNumbers] } : line,
        ),
      };
    case 'MovementValidated':
      return state.status === 'none' ? state : { ...state, status: 'done' };
    case 'MovementCancelled':
      return state.status === 'none' ? state : { ...state, status: 'cancelled' };
    default:
      return state;
  }
}
