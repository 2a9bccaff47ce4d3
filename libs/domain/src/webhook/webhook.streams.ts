import { singleStreamCommand, type CommandStreams } from '../shared/command-streams';
import { webhookStreamId } from '../shared/stream-ids';
import type { WebhookCommand } from './webhook.commands';
import { decideWebhook, evolveWebhook, initialWebhookState, type WebhookState } from './webhook.decider';

/** A webhook command reads and writes the webhook's own stream only. */
export function webhookCommandStreams(command: WebhookCommand): CommandStreams<WebhookState> {
  return singleStreamCommand(webhookStreamId(command.data.webhookId), command, {
    decide: decideWebhook,
    evolve: evolveWebhook,
    initialState: initialWebhookState,
  });
}
