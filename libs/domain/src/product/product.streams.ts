import type { CommandStreams, EventToAppend, StreamsRead } from '../shared/command-streams';
import { foldStored } from '../shared/recorded';
import { productStreamId } from '../shared/stream-ids';
import { claimGtin, evolveGtin, gtinStreamId, initialGtinState, releaseGtin, toGtin14 } from './gtin';
import type { ProductCommand } from './product.commands';
import { decideProduct, evolveProduct, initialProductState, type ProductState } from './product.decider';

/**
 * A product command reads and writes the product's own stream, and the GTIN streams it touches: the
 * GTIN it takes (claimed in the same append, so two products racing for one cannot both win) and,
 * when an update changes or clears it, the one it gives up.
 */
export function productCommandStreams(command: ProductCommand): CommandStreams<ProductState> {
  const productStream = productStreamId(command.data.productId);
  const productOf = (streams: StreamsRead): ProductState =>
    foldStored(streams.get(productStream) ?? [], evolveProduct, initialProductState);
  const wanted = command.data.gtin ? toGtin14(command.data.gtin) : null;
  return {
    streamIds: [productStream, ...(wanted ? [gtinStreamId(wanted)] : [])],
    moreStreamIds: (streams) => {
      const given = givenUp(command, productOf(streams));
      return given ? [gtinStreamId(given)] : [];
    },
    decide: (streams) => {
      const before = productOf(streams);
      const productEvents = decideProduct(command, before);
      const gtinOf = (gtin: string) =>
        foldStored(streams.get(gtinStreamId(gtin)) ?? [], evolveGtin, initialGtinState);
      const { productId } = command.data;
      const events = new Map<string, readonly EventToAppend[]>([[productStream, productEvents]]);
      const given = givenUp(command, before);
      if (given) events.set(gtinStreamId(given), releaseGtin(gtinOf(given), given, productId));
      if (wanted) events.set(gtinStreamId(wanted), claimGtin(gtinOf(wanted), wanted, productId));
      return { events, result: productEvents.reduce(evolveProduct, before) };
    },
  };
}

/** The GTIN an update gives up: the product's current one, when the update names another or none. */
function givenUp(command: ProductCommand, product: ProductState): string | null {
  if (command.type !== 'UpdateProduct' || command.data.gtin === undefined) return null;
  if (product.status !== 'registered' || product.gtin === null) return null;
  const next = command.data.gtin === null ? null : toGtin14(command.data.gtin);
  return next === product.gtin ? null : product.gtin;
}
