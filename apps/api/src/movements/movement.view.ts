import { evolveMovement, foldStored, initialMovementState } from '@serial/domain';
import type { RecordedEvent } from '@serial/event-store';
import type { MovementDocument } from '@serial/read-models';
import type { MovementDto } from './movements.dto';

const occurredAt = (event: RecordedEvent) => event.metadata.occurredAt ?? event.recordedAt.toISOString();

/** A movement as API.md shows it, folded from its own stream; null when the stream is empty. */
export function movementView(events: readonly RecordedEvent[]): MovementDto | null {
  const state = foldStored(events, evolveMovement, initialMovementState);
  if (state.status === 'none') return null;
  const validated = events.find((event) => event.type === 'MovementValidated');
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
    createdAt: occurredAt(events[0]),
    ...(validated ? { validatedAt: occurredAt(validated) } : {}),
    position: events[events.length - 1].position.toString(),
  };
}

/** A movement of the read models in the same shape. */
export function toMovementDto(document: MovementDocument): MovementDto {
  const { validatedAt, ...rest } = document;
  return { ...rest, ...(validatedAt ? { validatedAt } : {}) };
}
