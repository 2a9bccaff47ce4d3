import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { SignedTreeHead } from '@serial/event-store';

/** A file verify-ledger cannot use: exit 1, not a difference. */
export class LedgerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerInputError';
  }
}

const HEX_32 = /^[0-9a-f]{64}$/;
const DECIMAL = /^\d{1,19}$/;

/** A head as `GET /v1/audit/ledger` answers it, saved to a file. */
export async function readTreeHead(file: string): Promise<SignedTreeHead> {
  const head = parseJson(await readText(file, 'head'), file) as Partial<
    Record<keyof SignedTreeHead, unknown>
  >;
  const problems = [
    Number.isSafeInteger(head.treeSize) && (head.treeSize as number) >= 0 ? null : 'treeSize',
    typeof head.rootHash === 'string' && HEX_32.test(head.rootHash) ? null : 'rootHash',
    typeof head.lastPosition === 'string' && DECIMAL.test(head.lastPosition) ? null : 'lastPosition',
    typeof head.signedAt === 'string' ? null : 'signedAt',
    typeof head.keyId === 'string' ? null : 'keyId',
    typeof head.signature === 'string' ? null : 'signature',
  ].filter((field) => field !== null);
  if (problems.length > 0) {
    throw new LedgerInputError(
      `${file} is not a signed tree head: ${problems.join(', ')} missing or malformed`,
    );
  }
  return head as SignedTreeHead;
}

/** The public key as a PEM file, or as `GET /v1/audit/ledger/key` answers it. */
export async function readPublicKey(file: string): Promise<KeyObject> {
  const text = await readText(file, 'key');
  const pem = text.trimStart().startsWith('{')
    ? (parseJson(text, file) as { publicKey?: unknown }).publicKey
    : text;
  let key: KeyObject;
  try {
    key = createPublicKey(String(pem));
  } catch {
    throw new LedgerInputError(`${file} holds no PEM public key (nor a { publicKey } document)`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new LedgerInputError(
      `${file} holds a ${key.asymmetricKeyType ?? 'non-asymmetric'} key, not Ed25519`,
    );
  }
  return key;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new LedgerInputError(`Cannot read the ${what} file ${file}: ${(error as Error).message}`);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new LedgerInputError(`${file} is not JSON`);
  }
}
