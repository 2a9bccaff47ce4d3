import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assemblyCommandStreams, type AssemblyCommand } from '@serial/domain';
import { APP_CONFIG, CommandRunner, ExecuteCommand, type AppConfig } from '@serial/runtime';
import { toSerialCommandResult, type SerialCommandResult } from '../serials/commands/serial-command.handler';

export class ExecuteAssemblyCommand extends ExecuteCommand<AssemblyCommand, SerialCommandResult> {}

/** Install and uninstall: one append over the parent's and the components' streams. */
@CommandHandler(ExecuteAssemblyCommand)
export class AssemblyCommandHandler implements ICommandHandler<ExecuteAssemblyCommand, SerialCommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ command, metadata }: ExecuteAssemblyCommand): Promise<SerialCommandResult> {
    const streams = assemblyCommandStreams(command, this.config.serialUniqueness);
    return toSerialCommandResult(await this.runner.run(streams, metadata));
  }
}
