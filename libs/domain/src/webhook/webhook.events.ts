/** What a webhook delivers: every event of these types (all when empty) about these products (all when empty). */
export type WebhookFilter = { types: string[]; productIds: string[] };

export type WebhookCreated = {
  type: 'WebhookCreated';
  data: WebhookFilter & {
    webhookId: string;
    url: string;
    /** Sealed by the application (never the secret itself): the event log is read by auditors and exported. */
    sealedSecret: string;
    /** Delivery starts after this global position (decimal string). */
    fromPosition: string;
  };
};
export type WebhookDeleted = { type: 'WebhookDeleted'; data: { webhookId: string } };
export type WebhookPaused = { type: 'WebhookPaused'; data: { webhookId: string } };
export type WebhookResumed = { type: 'WebhookResumed'; data: { webhookId: string } };
export type WebhookRedeliveryRequested = {
  type: 'WebhookRedeliveryRequested';
  data: { webhookId: string; fromPosition: string };
};

export type WebhookEvent =
  WebhookCreated | WebhookDeleted | WebhookPaused | WebhookResumed | WebhookRedeliveryRequested;

export const WEBHOOK_EVENT_TYPES = Object.keys({
  WebhookCreated: true,
  WebhookDeleted: true,
  WebhookPaused: true,
  WebhookResumed: true,
  WebhookRedeliveryRequested: true,
} satisfies Record<WebhookEvent['type'], true>) as WebhookEvent['type'][];
