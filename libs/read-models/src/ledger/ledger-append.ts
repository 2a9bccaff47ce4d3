import {
  eventLeafHash,
  frontierSubtrees,
  MerkleFrontier,
  subtreeKey,
  type RecordedEvent,
  type SubtreeAddress,
} from '@serial/event-store';
import { ProjectionFailedError } from '../projection-store.port';
import type { LedgerTip } from './ledger-reader.port';

export interface LedgerLeaf {
  readonly leafIndex: number;
  readonly position: bigint;
  readonly hash: Buffer;
}

/** The root of a complete subtree above the leaves (level 1 and up). */
export interface LedgerNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Buffer;
}

/** What one batch adds to the tree, in the order a store without transactions must write it. */
export interface LedgerWrites {
  /** Each leaf follows the nodes it completes, so that a prefix of the writes is a whole tree. */
  readonly writes: readonly (LedgerLeaf | LedgerNode)[];
  readonly leaves: number;
}

export const isLedgerLeaf = (write: LedgerLeaf | LedgerNode): write is LedgerLeaf => 'leafIndex' in write;

/** The subtrees whose roots a store reads to extend a tree of `treeSize` leaves. */
export const frontierOf = (treeSize: number): SubtreeAddress[] => frontierSubtrees(treeSize);

/**
 * Appends, as leaves, the batch's events past the tree's last one (the ledger's own position guard:
 * a replayed batch adds nothing), given the stored roots of the tree's frontier. An event without a
 * proper hash cannot be a leaf: it fails the batch, naming it.
 */
export function ledgerWrites(
  tip: LedgerTip,
  frontier: ReadonlyMap<string, Buffer>,
  events: readonly RecordedEvent[],
): LedgerWrites {
  const fresh = events.filter((event) => event.position > tip.lastPosition);
  if (fresh.length === 0) return { writes: [], leaves: 0 };
  const hashes = frontierOf(tip.treeSize).map((address) => {
    const hash = frontier.get(subtreeKey(address));
    if (hash === undefined) throw new Error(`The ledger lacks subtree ${subtreeKey(address)}`);
    return hash;
  });
  const tree = MerkleFrontier.of(tip.treeSize, hashes);
  const writes: (LedgerLeaf | LedgerNode)[] = [];
  for (const event of fresh) {
    const leaf = leafOf(event);
    const [completedLeaf, ...nodes] = tree.append(leaf);
    writes.push(...nodes, { leafIndex: completedLeaf.index, position: event.position, hash: leaf });
  }
  return { writes, leaves: fresh.length };
}

function leafOf(event: RecordedEvent): Buffer {
  try {
    return eventLeafHash(event.metadata.hash);
  } catch (error) {
    throw new ProjectionFailedError('ledger', event.position, error);
  }
}
