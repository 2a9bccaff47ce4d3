import {
  eventSchemaVersion,
  locationStreamId,
  productStreamId,
  serialStreamId,
  type LocationEvent,
  type ProductEvent,
  type SerialEvent,
} from '@serial/domain';
import { GENESIS_HASH, hashEvent, type RecordedEvent } from '@serial/event-store';

export const T0 = Date.parse('2026-03-01T08:00:00.000Z');

/**
 * Records domain events as an event store would: global positions from 1, revisions per stream,
 * a recording time one second per position after T0, and the metadata every command writes, hash
 * chain included (an older `schemaVersion` given in `metadata` records an event as an older version wrote it).
 */
export class EventLog {
  readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, number>();
  private readonly lastHashes = new Map<string, string>();

  constructor(private readonly userId = 'user-1') {}

  get head(): bigint {
    return this.events.length === 0 ? 0n : this.events[this.events.length - 1].position;
  }

  serial(event: SerialEvent, metadata: Record<string, string> = {}): RecordedEvent {
    const { productId, serialNumber } = event.data;
    return this.append(serialStreamId('product', productId, serialNumber), event, metadata);
  }

  product(event: ProductEvent, metadata: Record<string, string> = {}): RecordedEvent {
    return this.append(productStreamId(event.data.productId), event, metadata);
  }

  location(event: LocationEvent, metadata: Record<string, string> = {}): RecordedEvent {
    return this.append(locationStreamId(event.data.locationId), event, metadata);
  }

  append(
    streamId: string,
    event: { type: string; data: object },
    metadata: Record<string, string> = {},
  ): RecordedEvent {
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    const position = BigInt(this.events.length + 1);
    const recordedAt = new Date(T0 + this.events.length * 1000);
    const previousHash = this.lastHashes.get(streamId) ?? GENESIS_HASH;
    const chained = {
      userId: this.userId,
      occurredAt: recordedAt.toISOString(),
      schemaVersion: String(eventSchemaVersion(event.type)),
      ...metadata,
      previousHash,
    };
    const hash = hashEvent(previousHash, {
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: chained,
    });
    this.lastHashes.set(streamId, hash);
    const recorded: RecordedEvent = {
      eventId: `event-${position}`,
      streamId,
      revision,
      position,
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: { ...chained, hash },
      recordedAt,
    };
    this.events.push(recorded);
    return recorded;
  }

  /** The events of one stream, as the event store's readStream would return them. */
  stream(streamId: string): RecordedEvent[] {
    return this.events.filter((event) => event.streamId === streamId);
  }
}
