import { leafHash, nodeHash } from '../merkle/merkle-hash';
import { MerkleFrontier } from '../merkle/merkle-frontier';
import { splitPoint, subtreeKey, type SubtreeAddress } from '../merkle/merkle-ranges';
import type { SubtreeSource } from '../merkle/merkle-proofs';

/** MTH(D[n]) exactly as RFC 9162 §2.1.1 defines it, recursively over the leaf hashes: the reference. */
export function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0];
  const k = splitPoint(leaves.length);
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** Leaf hashes of `count` distinct inputs. */
export const leavesOf = (count: number): Buffer[] =>
  Array.from({ length: count }, (_, index) => leafHash(Buffer.from(`leaf ${index}`)));

/**
 * The subtrees a store would hold after appending `leaves` one by one, as a SubtreeSource that
 * records every address it was asked for.
 */
export function storedTree(leaves: readonly Buffer[]): SubtreeSource & { asked: SubtreeAddress[] } {
  const frontier = MerkleFrontier.empty();
  const stored = new Map<string, Buffer>();
  for (const leaf of leaves) {
    for (const subtree of frontier.append(leaf)) stored.set(subtreeKey(subtree), subtree.hash);
  }
  const asked: SubtreeAddress[] = [];
  return {
    asked,
    async subtrees(addresses) {
      asked.push(...addresses);
      const found = new Map<string, Buffer>();
      for (const address of addresses) {
        const hash = stored.get(subtreeKey(address));
        if (hash) found.set(subtreeKey(address), hash);
      }
      return found;
    },
  };
}
