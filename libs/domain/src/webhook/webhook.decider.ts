import { DomainError } from '../shared/domain-error';
import type { WebhookCommand } from './webhook.commands';
import type { WebhookCreated, WebhookEvent } from './webhook.events';

export type WebhookDefinition = WebhookCreated['data'];

/** A deleted webhook's id may be used again: the new one starts afresh. */
export type WebhookState =
  { status: 'none' } | { status: 'active' | 'paused'; definition: WebhookDefinition };

export const initialWebhookState: WebhookState = { status: 'none' };

export function evolveWebhook(state: WebhookState, event: WebhookEvent): WebhookState {
  switch (event.type) {
    case 'WebhookCreated':
      return { status: 'active', definition: event.data };
    case 'WebhookDeleted':
      return { status: 'none' };
    case 'WebhookPaused':
      return state.status === 'none' ? state : { ...state, status: 'paused' };
    case 'WebhookResumed':
      return state.status === 'none' ? state : { ...state, status: 'active' };
    case 'WebhookRedeliveryRequested':
      return state;
  }
}

/** Pausing a paused webhook or resuming an active one changes nothing and is not an error. */
export function decideWebhook(command: WebhookCommand, state: WebhookState): WebhookEvent[] {
  const { webhookId } = command.data;
  if (command.type === 'CreateWebhook') {
    if (state.status !== 'none') {
      throw new DomainError('WEBHOOK_ALREADY_EXISTS', `Webhook ${webhookId} already exists`);
    }
    return [{ type: 'WebhookCreated', data: command.data }];
  }
  if (state.status === 'none') throw new DomainError('NOT_FOUND', `Webhook ${webhookId} does not exist`);
  switch (command.type) {
    case 'DeleteWebhook':
      return [{ type: 'WebhookDeleted', data: { webhookId } }];
    case 'PauseWebhook':
      return state.status === 'paused' ? [] : [{ type: 'WebhookPaused', data: { webhookId } }];
    case 'ResumeWebhook':
      return state.status === 'active' ? [] : [{ type: 'WebhookResumed', data: { webhookId } }];
    case 'RedeliverWebhook':
      return [{ type: 'WebhookRedeliveryRequested', data: command.data }];
    default: {
      const unknown: never = command;
      throw new Error(`Unknown webhook command ${JSON.stringify(unknown)}`);
    }
  }
}
