import { commandStreamsSpecification, deciderSpecification } from '../testing/decider-specification';
import { NOW } from '../testing/serial-fixtures';
import { isBusinessEventType } from '../shared/event-types';
import type { WebhookCommand } from './webhook.commands';
import { decideWebhook, evolveWebhook, initialWebhookState } from './webhook.decider';
import type { WebhookCreated, WebhookEvent } from './webhook.events';
import { webhookCommandStreams } from './webhook.streams';

const spec = deciderSpecification({
  decide: decideWebhook,
  evolve: evolveWebhook,
  initialState: () => initialWebhookState,
});
const definition: WebhookCreated['data'] = {
  webhookId: 'erp',
  url: 'https://erp.example.com/hooks/serials',
  sealedSecret: 'sealed',
  types: ['SerialDelivered'],
  productIds: [],
  fromPosition: '42',
};
const created: WebhookCreated = { type: 'WebhookCreated', data: definition };
const webhookId = 'erp';
const paused: WebhookEvent = { type: 'WebhookPaused', data: { webhookId } };
const deleted: WebhookEvent = { type: 'WebhookDeleted', data: { webhookId } };

describe('webhooks', () => {
  it('creates a webhook, once', () => {
    spec([]).when({ type: 'CreateWebhook', data: definition }).then([created]);
    spec([created]).when({ type: 'CreateWebhook', data: definition }).thenThrows('WEBHOOK_ALREADY_EXISTS');
  });

  it('lets a deleted webhook id be created again, afresh', () => {
    spec([created, paused, deleted]).when({ type: 'CreateWebhook', data: definition }).then([created]);
    const state = [created, paused, deleted, created].reduce(evolveWebhook, initialWebhookState);
    expect(state).toEqual({ status: 'active', definition });
  });

  it('deletes, pauses, resumes and redelivers only a webhook that exists', () => {
    const commands: WebhookCommand[] = [
      { type: 'DeleteWebhook', data: { webhookId } },
      { type: 'PauseWebhook', data: { webhookId } },
      { type: 'ResumeWebhook', data: { webhookId } },
      { type: 'RedeliverWebhook', data: { webhookId, fromPosition: '7' } },
    ];
    for (const command of commands) {
      spec([]).when(command).thenThrows('NOT_FOUND');
      spec([created, deleted]).when(command).thenThrows('NOT_FOUND');
    }
    spec([created]).when(commands[0]).then([deleted]);
    spec([created])
      .when(commands[3])
      .then([{ type: 'WebhookRedeliveryRequested', data: { webhookId, fromPosition: '7' } }]);
  });

  it('pauses an active webhook and resumes a paused one; the other way round changes nothing', () => {
    const resumed: WebhookEvent = { type: 'WebhookResumed', data: { webhookId } };
    spec([created]).when({ type: 'PauseWebhook', data: { webhookId } }).then([paused]);
    spec([created, paused]).when({ type: 'PauseWebhook', data: { webhookId } }).then([]);
    spec([created, paused]).when({ type: 'ResumeWebhook', data: { webhookId } }).then([resumed]);
    spec([created]).when({ type: 'ResumeWebhook', data: { webhookId } }).then([]);
    expect([created, paused].reduce(evolveWebhook, initialWebhookState).status).toBe('paused');
  });

  it("reads and writes the webhook's own stream, giving the webhook after", () => {
    const streams = commandStreamsSpecification(webhookCommandStreams, NOW);
    streams({}).when({ type: 'PauseWebhook', data: { webhookId } }).thenReads(['webhook-erp']);
    streams({ 'webhook-erp': [created] })
      .when({ type: 'PauseWebhook', data: { webhookId } })
      .then({ events: [['webhook-erp', [paused]]], result: { status: 'paused', definition } });
  });

  it('is not one of the business events integrators follow', () => {
    expect(isBusinessEventType('WebhookCreated')).toBe(false);
    expect(isBusinessEventType('SerialDelivered')).toBe(true);
    expect(isBusinessEventType('toString')).toBe(false);
  });
});
