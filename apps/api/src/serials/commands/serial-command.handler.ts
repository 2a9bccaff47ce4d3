import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { serialCommandStreams, serialStatus, type SerialAfter, type SerialCommand } from '@serial/domain';
import {
  APP_CONFIG,
  CommandRunner,
  ExecuteCommand,
  type AppConfig,
  type CommandOutcome,
} from '@serial/runtime';

export interface SerialCommandResult {
  readonly position: string;
  readonly serials: { productId: string; serialNumber: string; status: string; locationId: string | null }[];
}

export class ExecuteSerialCommand extends ExecuteCommand<SerialCommand, SerialCommandResult> {}

/** Every serial command: the domain names its streams and decides; the runner loads and appends. */
@CommandHandler(ExecuteSerialCommand)
export class SerialCommandHandler implements ICommandHandler<ExecuteSerialCommand, SerialCommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ command, metadata }: ExecuteSerialCommand): Promise<SerialCommandResult> {
    const streams = serialCommandStreams(command, this.config.serialUniqueness);
    return toSerialCommandResult(await this.runner.run(streams, metadata));
  }
}

/** The answer of every command on serials: each serial as the command left it, and the position. */
export function toSerialCommandResult({
  position,
  result,
}: CommandOutcome<readonly SerialAfter[]>): SerialCommandResult {
  const serials = result.map(({ productId, serialNumber, state }) => ({
    productId,
    serialNumber,
    status: serialStatus(state),
    locationId: state.status === 'known' ? state.locationId : null,
  }));
  return { position: position.toString(), serials };
}
