import { storedTree } from '../testing/merkle-trees';
import { EMPTY_TREE_ROOT, leafHash } from './merkle-hash';
import { consistencyProof, inclusionProof, treeRoot } from './merkle-proofs';
import { verifyConsistency, verifyInclusion } from './merkle-verify';

/**
 * The test vectors of transparency-dev/merkle (the library behind Trillian and Certificate
 * Transparency; testonly/constants.go and testdata/{inclusion,consistency}, commit 417fb0c3), which
 * follow RFC 9162's definitions: eight leaf inputs, the roots of their first n, and proofs among them.
 */
const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const L0 = ROOTS[1];
const L1 = '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7';
const L4 = 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b';
const L6 = 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f';
const N01 = ROOTS[2];
const N23 = '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e';
const N45 = '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a';
const N67 = 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0';
const N0123 = ROOTS[4];
const N4567 = '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4';

const INCLUSION: [leafIndex: number, treeSize: number, proof: string[]][] = [
  [0, 1, []],
  [0, 8, [L1, N23, N4567]],
  [5, 8, [L4, N67, N0123]],
  [2, 3, [N01]],
  [1, 5, [L0, N23, L4]],
];

const CONSISTENCY: [fromSize: number, toSize: number, proof: string[]][] = [
  [1, 1, []],
  [1, 8, [L1, N23, N4567]],
  [6, 8, [N45, N67, N0123]],
  [2, 5, [N23, L4]],
  [6, 7, [N45, L6, N0123]],
];

const leaves = LEAF_INPUTS.map((input) => leafHash(Buffer.from(input, 'hex')));
const hex = (hashes: readonly Buffer[]) => hashes.map((hash) => hash.toString('hex'));
const bytes = (hashes: readonly string[]) => hashes.map((hash) => Buffer.from(hash, 'hex'));
const root = (size: number) => Buffer.from(ROOTS[size], 'hex');

describe('RFC 9162 Merkle tree on the transparency-dev vectors', () => {
  it.each(ROOTS.map((expected, size) => [size, expected]))(
    'the root of the first %i leaves',
    async (size, expected) => {
      expect((await treeRoot(storedTree(leaves.slice(0, size)), size)).toString('hex')).toBe(expected);
    },
  );

  it('hashes the empty tree as SHA-256 of nothing', () => {
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe(ROOTS[0]);
  });

  it.each(INCLUSION)('proves leaf %i in the tree of %i', async (leafIndex, treeSize, expected) => {
    const proof = await inclusionProof(storedTree(leaves.slice(0, treeSize)), leafIndex, treeSize);

    expect(hex(proof)).toEqual(expected);
    expect(verifyInclusion(leafIndex, treeSize, leaves[leafIndex], bytes(expected), root(treeSize))).toBe(
      true,
    );
  });

  it.each(CONSISTENCY)(
    'proves the tree of %i consistent with the tree of %i',
    async (fromSize, toSize, expected) => {
      const proof = await consistencyProof(storedTree(leaves.slice(0, toSize)), fromSize, toSize);

      expect(hex(proof)).toEqual(expected);
      expect(verifyConsistency(fromSize, toSize, bytes(expected), root(fromSize), root(toSize))).toBe(true);
    },
  );

  it('refuses the vectors with a flipped bit, a wrong size or a missing hash', () => {
    const flipped = bytes([L4, N67, N0123]);
    flipped[1][0] ^= 0x01;

    expect(verifyInclusion(5, 8, leaves[5], flipped, root(8))).toBe(false);
    expect(verifyInclusion(5, 7, leaves[5], bytes([L4, N67, N0123]), root(7))).toBe(false);
    expect(verifyInclusion(5, 8, leaves[5], bytes([L4, N67]), root(8))).toBe(false);
    expect(verifyConsistency(6, 8, bytes([N45, N67]), root(6), root(8))).toBe(false);
    expect(verifyConsistency(5, 8, bytes([N45, N67, N0123]), root(6), root(8))).toBe(false);
    expect(verifyConsistency(6, 8, bytes([N45, N67, N0123, L0]), root(6), root(8))).toBe(false);
  });
});
