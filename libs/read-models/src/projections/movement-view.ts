import {
  evolveMovement,
  initialMovementState,
  type MovementEvent,
  type MovementState,
  type MovementType,
} from '@serial/domain';
import { alreadyApplied, occurredAt, type RecordedProjectionEvent } from './projected-event';

export const MOVEMENT_EVENT_TYPES: readonly MovementEvent['type'][] = [
  'MovementCreated',
  'MovementSerialsAssigned',
  'MovementValidated',
  'MovementCancelled',
];

/** A movement document as API.md shows it, plus the position guard of every read model. */
export interface MovementDocument {
  id: string;
  type: MovementType;
  status: 'pending' | 'done' | 'cancelled';
  fromLocationId: string;
  toLocationId: string;
  reference: string | null;
  partnerId: string | null;
  lines: { productId: string; quantity: number; serialNumbers: string[] }[];
  createdAt: string;
  validatedAt: string | null;
  /** Of its last event; once validated, that of every serial the validation moved (one append). */
  position: string;
}

/** Folds a movement event into its document with the domain's own `evolveMovement`. */
export function evolveMovementDocument(
  document: MovementDocument | null,
  event: RecordedProjectionEvent,
): MovementDocument | null {
  if (alreadyApplied(document, event)) return document;
  const state = evolveMovement(
    document ? stateOf(document) : initialMovementState,
    event as unknown as MovementEvent,
  );
  if (state.status === 'none') return document;
  const validated = event.type === 'MovementValidated';
  return {
    id: state.movementId,
    type: state.movementType,
    status: state.status,
    fromLocationId: state.fromLocationId,
    toLocationId: state.toLocationId,
    reference: state.reference,
    partnerId: state.partnerId,
    lines: state.lines.map(({ productId, quantity, serialNumbers }) => ({
      productId,
      quantity,
      serialNumbers,
    })),
    createdAt: document?.createdAt ?? occurredAt(event),
    validatedAt: validated ? occurredAt(event) : (document?.validatedAt ?? null),
    position: event.position.toString(),
  };
}

function stateOf(document: MovementDocument): MovementState {
  const { id, type, status, fromLocationId, toLocationId, reference, partnerId, lines } = document;
  return {
    status,
    movementId: id,
    movementType: type,
    fromLocationId,
    toLocationId,
    reference,
    partnerId,
    lines,
  };
}
