import type { RecordedEvent } from '@serial/event-store';
import { evolveMovementDocument, type MovementDocument } from '@serial/read-models';
import type { MovementDto } from './movements.dto';

/**
 * A movement as API.md shows it, folded from its own stream with the read model's own projection (so
 * the two cannot disagree); null when the stream is empty.
 */
export function movementView(events: readonly RecordedEvent[]): MovementDto | null {
  const document = events.reduce<MovementDocument | null>(evolveMovementDocument, null);
  return document ? toMovementDto(document) : null;
}

/** A movement of the read models in API.md's shape: `validatedAt` only once validated. */
export function toMovementDto(document: MovementDocument): MovementDto {
  const { validatedAt, ...rest } = document;
  return { ...rest, ...(validatedAt ? { validatedAt } : {}) };
}
