import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { webhookCommandStreams, type WebhookCommand, type WebhookState } from '@serial/domain';
import { CommandRunner, ExecuteCommand, type CommandOutcome } from '@serial/runtime';

export type WebhookCommandOutcome = CommandOutcome<WebhookState>;

export class ExecuteWebhookCommand extends ExecuteCommand<WebhookCommand, WebhookCommandOutcome> {}

@CommandHandler(ExecuteWebhookCommand)
export class WebhookCommandHandler implements ICommandHandler<ExecuteWebhookCommand, WebhookCommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ command, metadata }: ExecuteWebhookCommand): Promise<WebhookCommandOutcome> {
    return this.runner.run(webhookCommandStreams(command), metadata);
  }
}
