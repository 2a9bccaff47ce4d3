import { hash } from 'node:crypto';

/**
 * RFC 9162 §2.1.1 hashing with SHA-256: a leaf is SHA-256(0x00 ‖ data), an inner node
 * SHA-256(0x01 ‖ left ‖ right). The prefixes keep a leaf from ever passing for an inner node.
 */
export const HASH_BYTES = 32;

/** MTH({}) = SHA-256 of nothing: the root of the empty tree. */
export const EMPTY_TREE_ROOT: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

const EVENT_HASH = /^[0-9a-f]{64}$/;

export function leafHash(data: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + data.length);
  input[0] = 0x00;
  input.set(data, 1);
  return sha256(input);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/**
 * The ledger's leaf for an event: its leaf input is the 32 bytes its hex `hash` stands for. Throws a
 * TypeError for anything that is not 64 lowercase hex digits: such an event cannot be in the ledger.
 */
export function eventLeafHash(eventHash: unknown): Buffer {
  if (typeof eventHash !== 'string' || !EVENT_HASH.test(eventHash)) {
    throw new TypeError('The event carries no hash of 64 lowercase hex digits');
  }
  return leafHash(Buffer.from(eventHash, 'hex'));
}

function sha256(input: Buffer): Buffer {
  return hash('sha256', input, 'buffer');
}
