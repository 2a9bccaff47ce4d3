import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

/**
 * Texts longer than this are stored gzipped: a 10,000-serial answer (~930 KB of JSON, repeating
 * itself serial after serial) takes a few tens of KB. zlib runs on libuv's pool, off the event loop.
 */
export const COMPRESS_ABOVE_CHARS = 4096;
const gzipped = promisify(gzip);
const gunzipped = promisify(gunzip);

export async function compress(text: string): Promise<Buffer> {
  return gzipped(Buffer.from(text, 'utf8'));
}

export async function decompress(bytes: Uint8Array): Promise<string> {
  return (await gunzipped(bytes)).toString('utf8');
}

/** The gzip magic number; JSON text never starts with it. */
const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** A command's domain result (plain JSON: the states after its events), as the event store keeps it. */
export async function encodeOutcome(result: unknown): Promise<Uint8Array> {
  const json = JSON.stringify(result ?? null);
  return json.length > COMPRESS_ABOVE_CHARS ? compress(json) : Buffer.from(json, 'utf8');
}

export async function decodeOutcome(bytes: Uint8Array): Promise<unknown> {
  const json = isGzip(bytes) ? await decompress(bytes) : Buffer.from(bytes).toString('utf8');
  return JSON.parse(json);
}
