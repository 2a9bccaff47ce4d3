import { toEventDocument, type RecordedEvent } from '@serial/event-store';
import { isWebhookDefinitionEvent } from '@serial/read-models';

/** One event as an SSE message, formatted once however many feeds send it. */
export class FeedFrame {
  private text: string | undefined;

  constructor(readonly event: RecordedEvent) {}

  get position(): bigint {
    return this.event.position;
  }

  get sse(): string {
    this.text ??= `id: ${this.event.position}\nevent: ${this.event.type}\ndata: ${JSON.stringify(toEventDocument(this.event))}\n\n`;
    return this.text;
  }
}

/**
 * One batch the hub hands to every feed. The feeds without a filter (most, and all of a dashboard's)
 * share one encoding of it: each writes the same bytes instead of joining and encoding its own copy,
 * which with 200 such feeds was 200 strings and 200 native copies per batch.
 */
export class FeedBatch {
  private everything: { readonly bytes: Buffer; readonly events: number } | undefined;

  constructor(readonly frames: readonly FeedFrame[]) {}

  get lastPosition(): bigint {
    return this.frames[this.frames.length - 1].position;
  }

  /** Every frame a feed without a filter sends (all but webhook definitions), encoded once. */
  get unfiltered(): { readonly bytes: Buffer; readonly events: number } {
    if (this.everything === undefined) {
      const sent = this.frames.filter((frame) => !isWebhookDefinitionEvent(frame.event));
      this.everything = { bytes: Buffer.from(sent.map((frame) => frame.sse).join('')), events: sent.length };
    }
    return this.everything;
  }
}

/** What one feed asked for: `types` (null: all) and `productId` (null: all). */
export class FeedFilter {
  constructor(
    private readonly types: ReadonlySet<string> | null,
    private readonly productId: string | null,
  ) {}

  /** Neither types nor a product: every business event. */
  get isUnfiltered(): boolean {
    return this.types === null && this.productId === null;
  }

  /** Webhook definitions are the service's own configuration, not business events: never on the feed. */
  wants(event: RecordedEvent): boolean {
    if (isWebhookDefinitionEvent(event)) return false;
    if (this.types !== null && !this.types.has(event.type)) return false;
    return this.productId === null || event.data.productId === this.productId;
  }
}
