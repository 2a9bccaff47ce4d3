import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { movementCommandStreams, type MovementCommand } from '@serial/domain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CommandRunner, type CommandMetadata, type CommandOutcome } from '../commands/command-runner';

export class ExecuteMovementCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: MovementCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/** Movement commands: the domain names the document's streams and decides; the runner loads and appends. */
@CommandHandler(ExecuteMovementCommand)
export class MovementCommandHandler implements ICommandHandler<ExecuteMovementCommand, CommandOutcome> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ command, metadata }: ExecuteMovementCommand): Promise<CommandOutcome> {
    const streams = movementCommandStreams(command, this.config.serialUniqueness);
    return this.runner.run(
      {
        streamIds: streams.streamIds,
        moreStreamIds: (read) => streams.moreStreamIds?.(read) ?? [],
        decide: (read) => streams.decide(read, metadata.occurredAt).events,
      },
      metadata,
    );
  }
}
