import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { serialCommandStreams, serialStatus, type SerialAfter, type SerialCommand } from '@serial/domain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CommandRunner, type CommandMetadata } from '../commands/command-runner';

export interface SerialCommandResult {
  readonly position: string;
  readonly serials: { productId: string; serialNumber: string; status: string; locationId: string | null }[];
}

export class ExecuteSerialCommand extends Command<SerialCommandResult> {
  constructor(
    readonly command: SerialCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/** Every serial command: the domain names its streams and decides; the runner loads and appends. */
@CommandHandler(ExecuteSerialCommand)
export class SerialCommandHandler implements ICommandHandler<ExecuteSerialCommand, SerialCommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ command, metadata }: ExecuteSerialCommand): Promise<SerialCommandResult> {
    const streams = serialCommandStreams(command, this.config.serialUniqueness);
    let after: readonly SerialAfter[] = [];
    const { position } = await this.runner.run(
      {
        streamIds: streams.streamIds,
        decide: (read) => {
          const decision = streams.decide(read, metadata.occurredAt);
          after = decision.result;
          return decision.events;
        },
      },
      metadata,
    );
    const serials = after.map(({ productId, serialNumber, state }) => ({
      productId,
      serialNumber,
      status: serialStatus(state),
      locationId: state.status === 'known' ? state.locationId : null,
    }));
    return { position: position.toString(), serials };
  }
}
