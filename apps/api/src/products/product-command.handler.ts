import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { productCommandStreams, type ProductCommand, type ProductState } from '@serial/domain';
import { READ_STORE, type ReadStore } from '@serial/read-models';
import { CommandRunner, ExecuteCommand, type CommandOutcome } from '@serial/runtime';
import { checkStoredBeforeGuards } from './product-guards';

export type ProductCommandOutcome = CommandOutcome<ProductState>;

export class ExecuteProductCommand extends ExecuteCommand<ProductCommand, ProductCommandOutcome> {}

@CommandHandler(ExecuteProductCommand)
export class ProductCommandHandler implements ICommandHandler<ExecuteProductCommand, ProductCommandOutcome> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async execute({ command, metadata }: ExecuteProductCommand): Promise<ProductCommandOutcome> {
    await checkStoredBeforeGuards(command, this.readStore);
    return this.runner.run(productCommandStreams(command), metadata);
  }
}
