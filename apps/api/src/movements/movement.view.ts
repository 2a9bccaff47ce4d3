import { evolveProduct, initialProductState, productStreamId, foldStored } from '@serial/domain';
import type { EventStore, RecordedEvent } from '@serial/event-store';
import { evolveMovementDocument, type MovementDocument, type ReadStore } from '@serial/read-models';
import type { MovementDto } from './movements.dto';

/** Which of a movement's products are serial-tracked: the lines of the others are on the document only. */
export type SerialTracked = ReadonlySet<string>;

/**
 * A movement as API.md shows it, folded from its own stream with the read model's own projection (so
 * the two cannot disagree); null when the stream is empty.
 */
export function movementView(events: readonly RecordedEvent[], tracked: SerialTracked): MovementDto | null {
  const document = events.reduce<MovementDocument | null>(evolveMovementDocument, null);
  return document ? toMovementDto(document, tracked) : null;
}

/** A movement of the read models in API.md's shape: `validatedAt` only once validated. */
export function toMovementDto(document: MovementDocument, tracked: SerialTracked): MovementDto {
  const { validatedAt, lines, ...rest } = document;
  return {
    ...rest,
    lines: lines.map((line) => ({ ...line, serialTracked: tracked.has(line.productId) })),
    ...(validatedAt ? { validatedAt } : {}),
  };
}

/** From the products' own streams, as current as the movement's own answer. */
export async function serialTrackedInStore(
  store: Pick<EventStore, 'readStreams'>,
  productIds: readonly string[],
): Promise<SerialTracked> {
  const streams = await store.readStreams([...new Set(productIds)].map(productStreamId));
  const tracked = new Set<string>();
  for (const events of streams.values()) {
    const product = foldStored(events, evolveProduct, initialProductState);
    if (product.status === 'registered' && product.tracking === 'serial') tracked.add(product.productId);
  }
  return tracked;
}

/** From the read models, for a page of movements read from them. */
export async function serialTrackedInReadModels(
  readStore: Pick<ReadStore, 'getProduct'>,
  productIds: readonly string[],
): Promise<SerialTracked> {
  const products = await Promise.all([...new Set(productIds)].map((id) => readStore.getProduct(id)));
  return new Set(products.filter((p) => p?.tracking === 'serial').map((p) => (p as { id: string }).id));
}
