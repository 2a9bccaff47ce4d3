import { EMPTY_TREE_ROOT, nodeHash } from './merkle-hash';
import {
  consistencyRanges,
  inclusionRanges,
  rangeSubtrees,
  subtreeKey,
  type LeafRange,
  type SubtreeAddress,
} from './merkle-ranges';

/**
 * Where the roots of complete subtrees are kept (the ledger's tables). Answers every address asked
 * for that the tree holds, keyed by `subtreeKey`, in one go.
 */
export interface SubtreeSource {
  subtrees(addresses: readonly SubtreeAddress[]): Promise<ReadonlyMap<string, Buffer>>;
}

/** MTH(D[0:treeSize]) from the at most log2(n) + 1 complete subtrees it is made of. */
export async function treeRoot(source: SubtreeSource, treeSize: number): Promise<Buffer> {
  if (treeSize === 0) return EMPTY_TREE_ROOT;
  const [root] = await rangeHashes(source, [{ start: 0, end: treeSize }]);
  return root;
}

/** The RFC 9162 inclusion proof (audit path) of one leaf in the tree of `treeSize` leaves. */
export function inclusionProof(
  source: SubtreeSource,
  leafIndex: number,
  treeSize: number,
): Promise<Buffer[]> {
  return rangeHashes(source, inclusionRanges(leafIndex, treeSize));
}

/** The RFC 9162 consistency proof between the trees of `fromSize` and `toSize` leaves. */
export function consistencyProof(source: SubtreeSource, fromSize: number, toSize: number): Promise<Buffer[]> {
  return rangeHashes(source, consistencyRanges(fromSize, toSize));
}

/** MTH of each range, reading every subtree they need at once. */
async function rangeHashes(source: SubtreeSource, ranges: readonly LeafRange[]): Promise<Buffer[]> {
  const parts = ranges.map(rangeSubtrees);
  const wanted = new Map(parts.flat().map((address) => [subtreeKey(address), address]));
  const found = await source.subtrees([...wanted.values()]);
  return parts.map((addresses) => {
    const hashes = addresses.map((address) => {
      const hash = found.get(subtreeKey(address));
      if (hash === undefined) throw new Error(`The tree holds no subtree ${subtreeKey(address)}`);
      return hash;
    });
    // The parts of a range are its left spine: MTH = H(p1, H(p2, … H(pk-1, pk))).
    return hashes.reduceRight((right, left) => nodeHash(left, right));
  });
}
