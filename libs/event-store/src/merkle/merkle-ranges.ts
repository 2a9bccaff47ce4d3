/**
 * The shapes of RFC 9162's recursion (§2.1): which ranges of leaves a root or a proof is made of, and
 * which complete subtrees make up each range. A store keeps the root of every complete subtree, so
 * any root or proof for any tree size is a fold over O(log n) stored hashes.
 */

/** The complete subtree of 2^level leaves starting at leaf index·2^level. */
export interface SubtreeAddress {
  readonly level: number;
  readonly index: number;
}

/** Leaves [start, end). */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

export const subtreeKey = ({ level, index }: SubtreeAddress): string => `${level}:${index}`;

/** RFC 9162's k: the largest power of two smaller than n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees whose roots make up MTH(D[start:end]), largest (leftmost) first: the binary
 * decomposition of the range's size. Every range RFC 9162's recursion produces starts at a multiple of
 * its largest power of two, so each part is aligned; a range that is not is refused.
 */
export function rangeSubtrees(range: LeafRange): SubtreeAddress[] {
  const parts: SubtreeAddress[] = [];
  let start = range.start;
  while (start < range.end) {
    let size = 1;
    let level = 0;
    while (size * 2 <= range.end - start) {
      size *= 2;
      level += 1;
    }
    if (start % size !== 0) throw new RangeError(`[${range.start}, ${range.end}) is not a range of the tree`);
    parts.push({ level, index: start / size });
    start += size;
  }
  return parts;
}

/**
 * PATH(m, D[n]) of RFC 9162 §2.1.3.1 as the ranges whose roots form it, in proof order (from the
 * leaf's sibling up to the root's other child).
 */
export function inclusionRanges(leafIndex: number, treeSize: number): LeafRange[] {
  assertCount(leafIndex, 'leafIndex');
  assertCount(treeSize, 'treeSize');
  if (leafIndex >= treeSize) throw new RangeError(`Leaf ${leafIndex} is not in a tree of ${treeSize}`);
  const siblings: LeafRange[] = [];
  let [start, end, m] = [0, treeSize, leafIndex];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      siblings.push({ start: start + k, end });
      end = start + k;
    } else {
      siblings.push({ start, end: start + k });
      start += k;
      m -= k;
    }
  }
  return siblings.reverse();
}

/**
 * PROOF(m, D[n]) of RFC 9162 §2.1.4.1 as ranges, in proof order. Empty when the sizes are equal or the
 * first tree is empty (every tree is consistent with the empty one).
 */
export function consistencyRanges(fromSize: number, toSize: number): LeafRange[] {
  assertCount(fromSize, 'fromSize');
  assertCount(toSize, 'toSize');
  if (fromSize > toSize) throw new RangeError(`A tree of ${toSize} cannot extend one of ${fromSize}`);
  if (fromSize === 0 || fromSize === toSize) return [];
  const proof: LeafRange[] = [];
  let [start, end, m, whole] = [0, toSize, fromSize, true];
  // SUBPROOF(m, D[start:end], whole), unrolled: each step adds one range and narrows to one side.
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push({ start: start + k, end });
      end = start + k;
    } else {
      proof.push({ start, end: start + k });
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) proof.push({ start, end });
  return proof.reverse();
}

function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number`);
}
