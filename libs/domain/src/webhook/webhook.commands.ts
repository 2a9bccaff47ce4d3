import type { WebhookCreated } from './webhook.events';

export type CreateWebhook = { type: 'CreateWebhook'; data: WebhookCreated['data'] };
export type DeleteWebhook = { type: 'DeleteWebhook'; data: { webhookId: string } };
export type PauseWebhook = { type: 'PauseWebhook'; data: { webhookId: string } };
export type ResumeWebhook = { type: 'ResumeWebhook'; data: { webhookId: string } };
export type RedeliverWebhook = {
  type: 'RedeliverWebhook';
  data: { webhookId: string; fromPosition: string };
};

export type WebhookCommand = CreateWebhook | DeleteWebhook | PauseWebhook | ResumeWebhook | RedeliverWebhook;
