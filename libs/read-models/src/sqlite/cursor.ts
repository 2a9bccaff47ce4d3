import { InvalidCursorError } from '../read-store.port';

/**
 * Opaque cursors: base64url of `[list, ...last key]`. The list name stops a cursor of one list from
 * paging another; anything that does not decode to that exact shape is InvalidCursorError.
 */
export function encodeCursor(list: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([list, ...key])).toString('base64url');
}

export function decodeCursor(list: string, cursor: string, keyLength: number): string[] {
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder skips characters it does not know; re-encoding shows whether it skipped any.
  if (bytes.toString('base64url') !== cursor) throw new InvalidCursorError();
  let decoded: unknown;
  try {
    decoded = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== keyLength + 1 ||
    decoded[0] !== list ||
    !decoded.every((part) => typeof part === 'string')
  ) {
    throw new InvalidCursorError();
  }
  return decoded.slice(1) as string[];
}
