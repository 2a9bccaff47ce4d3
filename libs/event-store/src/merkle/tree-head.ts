import { createPublicKey, hash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../canonical-json';

/** What a signed tree head states (API.md "Ledger"): positions as decimal strings, times ISO-8601. */
export interface TreeHead {
  readonly treeSize: number;
  /** Lowercase hex. */
  readonly rootHash: string;
  /** The position of the tree's last leaf, "0" for the empty tree. */
  readonly lastPosition: string;
  readonly signedAt: string;
}

export interface SignedTreeHead extends TreeHead {
  readonly keyId: string;
  /** Base64 Ed25519 signature over `treeHeadSigningInput`. */
  readonly signature: string;
}

/** The signed bytes: RFC 8785 JCS of the four head fields, UTF-8. */
export function treeHeadSigningInput(head: TreeHead): Buffer {
  const { treeSize, rootHash, lastPosition, signedAt } = head;
  return Buffer.from(canonicalJson({ treeSize, rootHash, lastPosition, signedAt }), 'utf8');
}

/** Lowercase hex SHA-256 of the public key's DER (SPKI). */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return hash('sha256', publicKey.export({ type: 'spki', format: 'der' }), 'hex');
}

/** Ed25519 needs no digest name: `sign(null, …)` signs the message itself (RFC 8032). */
export function signTreeHead(head: TreeHead, privateKey: KeyObject): SignedTreeHead {
  const signature = sign(null, treeHeadSigningInput(head), privateKey).toString('base64');
  const { treeSize, rootHash, lastPosition, signedAt } = head;
  return { treeSize, rootHash, lastPosition, signedAt, keyId: keyIdOf(privateKey), signature };
}

export type TreeHeadCheck = 'valid' | 'other-key' | 'bad-signature';

/** Whether `publicKey` signed the head: its keyId must name that key and the signature must verify. */
export function checkTreeHead(head: SignedTreeHead, publicKey: KeyObject): TreeHeadCheck {
  if (head.keyId !== keyIdOf(publicKey)) return 'other-key';
  const signature = Buffer.from(head.signature, 'base64');
  // A signature that is not 64 bytes makes Node throw rather than answer false.
  if (signature.length !== 64) return 'bad-signature';
  return verify(null, treeHeadSigningInput(head), publicKey, signature) ? 'valid' : 'bad-signature';
}
