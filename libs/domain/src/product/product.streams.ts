import { singleStreamCommand, type CommandStreams } from '../shared/command-streams';
import { productStreamId } from '../shared/stream-ids';
import type { ProductCommand } from './product.commands';
import { decideProduct, evolveProduct, initialProductState, type ProductState } from './product.decider';

/** A product command reads and writes the product's own stream only. */
export function productCommandStreams(command: ProductCommand): CommandStreams<ProductState> {
  return singleStreamCommand(productStreamId(command.data.productId), command, {
    decide: decideProduct,
    evolve: evolveProduct,
    initialState: initialProductState,
  });
}
