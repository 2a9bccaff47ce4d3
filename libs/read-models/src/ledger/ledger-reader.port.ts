import type { SubtreeAddress } from '@serial/event-store';

/**
 * The ledger (API.md "Ledger"): an RFC 9162 Merkle tree over every event in global order, kept by
 * the projector beside the read models. Leaf i is the i-th event; every complete subtree's root is
 * stored, so a root or a proof for any size up to the current one reads O(log n) of them.
 */
export const LEDGER_READER = Symbol('LEDGER_READER');

export interface LedgerTip {
  /** Leaves in the tree: events projected so far. */
  readonly treeSize: number;
  /** The position of the last leaf's event, 0n while the tree is empty. */
  readonly lastPosition: bigint;
}

export interface LedgerReader {
  ledgerTip(): Promise<LedgerTip>;
  /** The index of the leaf of the event at `position`; null when the tree holds no such event. */
  ledgerLeafIndex(position: bigint): Promise<number | null>;
  /** The stored roots of the complete subtrees asked for (those that exist), keyed by `subtreeKey`. */
  ledgerSubtrees(addresses: readonly SubtreeAddress[]): Promise<ReadonlyMap<string, Buffer>>;
}
