import fc from 'fast-check';
import { leavesOf, referenceRoot, storedTree } from '../testing/merkle-trees';
import { leafHash } from './merkle-hash';
import { MerkleFrontier } from './merkle-frontier';
import { consistencyProof, inclusionProof, treeRoot } from './merkle-proofs';
import { subtreeKey } from './merkle-ranges';
import { verifyConsistency, verifyInclusion } from './merkle-verify';

const MAX_LEAVES = 300;
const leaves = leavesOf(MAX_LEAVES);
const roots = Array.from({ length: MAX_LEAVES + 1 }, (_, size) =>
  size === 0 ? Buffer.alloc(0) : referenceRoot(leaves.slice(0, size)),
);
const tree = storedTree(leaves);

/** A tree size and a leaf in it. */
const leafInTree = fc
  .integer({ min: 1, max: MAX_LEAVES })
  .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 })));
/** Two tree sizes, the first no larger than the second. */
const twoSizes = fc
  .integer({ min: 1, max: MAX_LEAVES })
  .chain((to) => fc.tuple(fc.integer({ min: 1, max: to }), fc.constant(to)));
const otherThan = (value: number, max: number) => fc.integer({ min: 1, max }).filter((v) => v !== value);

const flipped = (proof: readonly Buffer[], at: number): Buffer[] =>
  proof.map((hash, index) => {
    if (index !== at % proof.length) return hash;
    const copy = Buffer.from(hash);
    copy[at % copy.length] ^= 0x80;
    return copy;
  });

/** Distinct subtrees read, for the O(log n) claim. */
const distinctReads = async (read: () => Promise<unknown>): Promise<number> => {
  tree.asked.splice(0);
  await read();
  return new Set(tree.asked.map(subtreeKey)).size;
};

describe('RFC 9162 Merkle tree (properties)', () => {
  it('computes the root of every size as the RFC recursion does, from the frontier and from stored subtrees', async () => {
    const frontier = MerkleFrontier.empty();
    for (let size = 1; size <= MAX_LEAVES; size++) {
      frontier.append(leaves[size - 1]);
      expect(frontier.root()).toEqual(roots[size]);
      expect(await treeRoot(tree, size)).toEqual(roots[size]);
    }
  });

  it('verifies every inclusion proof it generates, and none with a changed leaf, index, size or path', async () => {
    await fc.assert(
      fc.asyncProperty(
        leafInTree,
        fc.nat(),
        fc.integer({ min: 1, max: MAX_LEAVES }),
        async ([size, index], at, other) => {
          const proof = await inclusionProof(tree, index, size);
          const verify = (i: number, n: number, leaf: Buffer, path: Buffer[], root: Buffer) =>
            verifyInclusion(i, n, leaf, path, root);

          expect(verify(index, size, leaves[index], proof, roots[size])).toBe(true);
          expect(verify(index, size, leafHash(Buffer.from('forged')), proof, roots[size])).toBe(false);
          if (other !== size) {
            expect(verify(index, other, leaves[index], proof, roots[other])).toBe(false);
          }
          if (other - 1 !== index && other - 1 < size) {
            expect(verify(other - 1, size, leaves[index], proof, roots[size])).toBe(false);
          }
          if (proof.length > 0) {
            expect(verify(index, size, leaves[index], flipped(proof, at), roots[size])).toBe(false);
            expect(verify(index, size, leaves[index], proof.slice(1), roots[size])).toBe(false);
          }
          expect(verify(index, size, leaves[index], [...proof, leaves[0]], roots[size])).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('verifies every consistency proof it generates, and none with a changed size, root or path', async () => {
    await fc.assert(
      fc.asyncProperty(twoSizes, fc.nat(), async ([from, to], at) => {
        const proof = await consistencyProof(tree, from, to);

        expect(verifyConsistency(from, to, proof, roots[from], roots[to])).toBe(true);
        expect(verifyConsistency(from, to, proof, roots[to], roots[from])).toBe(from === to);
        if (from > 1) expect(verifyConsistency(from - 1, to, proof, roots[from - 1], roots[to])).toBe(false);
        if (to < MAX_LEAVES)
          expect(verifyConsistency(from, to + 1, proof, roots[from], roots[to + 1])).toBe(false);
        if (proof.length > 0) {
          expect(verifyConsistency(from, to, flipped(proof, at), roots[from], roots[to])).toBe(false);
          expect(verifyConsistency(from, to, proof.slice(0, -1), roots[from], roots[to])).toBe(false);
        }
        expect(verifyConsistency(from, to, [...proof, leaves[0]], roots[from], roots[to])).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a proof for a tree that does not extend the first one', async () => {
    const forged = [...leaves.slice(0, 10), leafHash(Buffer.from('rewritten')), ...leaves.slice(11, 40)];
    const proof = await consistencyProof(storedTree(forged), 20, 40);

    expect(verifyConsistency(20, 40, proof, roots[20], referenceRoot(forged))).toBe(false);
  });

  it('reads O(log n) stored subtrees for a root or a proof', async () => {
    await fc.assert(
      fc.asyncProperty(leafInTree, otherThan(0, MAX_LEAVES), async ([size, index], from) => {
        const bound = 2 * Math.ceil(Math.log2(size + 1)) + 2;
        expect(await distinctReads(() => treeRoot(tree, size))).toBeLessThanOrEqual(
          Math.ceil(Math.log2(size + 1)),
        );
        expect(await distinctReads(() => inclusionProof(tree, index, size))).toBeLessThanOrEqual(bound);
        const first = Math.min(from, size);
        expect(await distinctReads(() => consistencyProof(tree, first, size))).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 200 },
    );
  });
});
