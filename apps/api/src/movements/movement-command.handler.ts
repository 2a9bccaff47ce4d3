import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { movementCommandStreams, type MovementCommand, type MovementState } from '@serial/domain';
import {
  APP_CONFIG,
  CommandRunner,
  ExecuteCommand,
  type AppConfig,
  type CommandOutcome,
} from '@serial/runtime';

export type MovementCommandOutcome = CommandOutcome<MovementState>;

export class ExecuteMovementCommand extends ExecuteCommand<MovementCommand, MovementCommandOutcome> {}

/** Movement commands: the domain names the document's streams and decides; the runner loads and appends. */
@CommandHandler(ExecuteMovementCommand)
export class MovementCommandHandler implements ICommandHandler<
  ExecuteMovementCommand,
  MovementCommandOutcome
> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ command, metadata }: ExecuteMovementCommand): Promise<MovementCommandOutcome> {
    return this.runner.run(movementCommandStreams(command, this.config.serialUniqueness), metadata);
  }
}
