import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { productCommandStreams, type ProductCommand, type ProductState } from '@serial/domain';
import { CommandRunner, ExecuteCommand, type CommandOutcome } from '@serial/runtime';

export type ProductCommandOutcome = CommandOutcome<ProductState>;

export class ExecuteProductCommand extends ExecuteCommand<ProductCommand, ProductCommandOutcome> {}

@CommandHandler(ExecuteProductCommand)
export class ProductCommandHandler implements ICommandHandler<ExecuteProductCommand, ProductCommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ command, metadata }: ExecuteProductCommand): Promise<ProductCommandOutcome> {
    return this.runner.run(productCommandStreams(command), metadata);
  }
}
