import { EMPTY_TREE_ROOT, nodeHash } from './merkle-hash';
import { rangeSubtrees, type SubtreeAddress } from './merkle-ranges';

export interface CompletedSubtree extends SubtreeAddress {
  readonly hash: Buffer;
}

/**
 * The right edge of a growing tree: the roots of its complete subtrees, one per set bit of its size,
 * largest first. That is all it takes to append a leaf and to know the root, so a tree of any size
 * is followed in O(log n) memory (the offline verifier) and extended from O(log n) stored hashes (the
 * projector, which stores what each append completes).
 */
export class MerkleFrontier {
  private constructor(
    private readonly edge: Buffer[],
    private count: number,
  ) {}

  static empty(): MerkleFrontier {
    return new MerkleFrontier([], 0);
  }

  /** The frontier of a tree of `size` leaves, from the hashes of `frontierSubtrees(size)` in that order. */
  static of(size: number, subtreeHashes: readonly Buffer[]): MerkleFrontier {
    if (subtreeHashes.length !== frontierSubtrees(size).length) {
      throw new RangeError(`A tree of ${size} leaves has ${frontierSubtrees(size).length} frontier subtrees`);
    }
    return new MerkleFrontier([...subtreeHashes], size);
  }

  get size(): number {
    return this.count;
  }

  /** Adds a leaf (its leaf hash); returns every subtree it completes, the leaf itself first. */
  append(leaf: Buffer): CompletedSubtree[] {
    let index = this.count;
    let level = 0;
    let hash = leaf;
    const completed: CompletedSubtree[] = [{ level, index, hash }];
    // An odd index at a level has its left sibling, complete already, on top of the edge.
    while (index % 2 === 1) {
      hash = nodeHash(this.edge.pop() as Buffer, hash);
      level += 1;
      index = (index - 1) / 2;
      completed.push({ level, index, hash });
    }
    this.edge.push(hash);
    this.count += 1;
    return completed;
  }

  root(): Buffer {
    if (this.edge.length === 0) return EMPTY_TREE_ROOT;
    return this.edge.reduceRight((right, left) => nodeHash(left, right));
  }
}

/** The complete subtrees a tree of `size` leaves is made of, largest first: its frontier. */
export function frontierSubtrees(size: number): SubtreeAddress[] {
  return rangeSubtrees({ start: 0, end: size });
}
