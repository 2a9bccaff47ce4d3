import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from './command-runner';

/**
 * The one message every command handler takes from the CommandBus: a domain command and who caused it.
 * The bus routes by class, so each aggregate names its own subclass (`class ExecuteProductCommand
 * extends ExecuteCommand<ProductCommand, Result> {}`), with nothing else in it.
 */
export class ExecuteCommand<DomainCommand, Result> extends Command<Result> {
  constructor(
    readonly command: DomainCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
