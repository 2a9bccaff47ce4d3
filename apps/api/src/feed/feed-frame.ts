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

/** What one feed asked for: `types` (null: all) and `productId` (null: all). */
export class FeedFilter {
  constructor(
    private readonly types: ReadonlySet<string> | null,
    private readonly productId: string | null,
  ) {}

  /** Webhook definitions are the service's own configuration, not business events: never on the feed. */
  wants(event: RecordedEvent): boolean {
    if (isWebhookDefinitionEvent(event)) return false;
    if (this.types !== null && !this.types.has(event.type)) return false;
    return this.productId === null || event.data.productId === this.productId;
  }
}
