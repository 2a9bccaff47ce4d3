import { nodeHash } from './merkle-hash';

/**
 * The verifiers of RFC 9162 §2.1.3.2 and §2.1.4.2, step for step. They trust nothing but their
 * arguments: a client holding a root it believes can check what a server claims about it. Sizes and
 * indexes go through arithmetic, not bit operators, which would cut them to 32 bits.
 */

const isOdd = (value: number): boolean => value % 2 === 1;
const half = (value: number): number => Math.floor(value / 2);

/** Whether `proof` shows the leaf with hash `leaf` at `leafIndex` in the tree of `treeSize` with `root`. */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!wholeNumbers(leafIndex, treeSize) || leafIndex >= treeSize) return false;
  let [fn, sn] = [leafIndex, treeSize - 1];
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && equal(r, root);
}

/**
 * Whether `proof` shows the tree of `toSize` with root `toRoot` extends the tree of `fromSize` with
 * root `fromRoot`. Equal sizes need an empty proof and equal roots; every tree extends the empty one.
 */
export function verifyConsistency(
  fromSize: number,
  toSize: number,
  proof: readonly Uint8Array[],
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
): boolean {
  if (!wholeNumbers(fromSize, toSize) || fromSize > toSize) return false;
  if (fromSize === toSize) return proof.length === 0 && equal(fromRoot, toRoot);
  if (fromSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof];
  let [fn, sn] = [fromSize - 1, toSize - 1];
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let [fr, sr] = [path[0], path[0]];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return equal(fr, fromRoot) && equal(sr, toRoot) && sn === 0;
}

function isPowerOfTwo(value: number): boolean {
  let power = 1;
  while (power < value) power *= 2;
  return power === value;
}

function wholeNumbers(...values: number[]): boolean {
  return values.every((value) => Number.isSafeInteger(value) && value >= 0);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
