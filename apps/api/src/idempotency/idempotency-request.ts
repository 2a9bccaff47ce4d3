import { SetMetadata } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { ValidationFailedError } from '../http/application-errors';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Tells a client (and its logs) that it got the remembered answer, not a new execution. */
export const REPLAYED_HEADER = 'idempotent-replayed';

export const SKIP_IDEMPOTENCY_KEY = 'idempotency:skip';
/** For a POST that changes nothing (a lookup such as /v1/scan): the header is then ignored. */
export const SkipIdempotency = (): MethodDecorator & ClassDecorator =>
  SetMetadata(SKIP_IDEMPOTENCY_KEY, true);

/** Reads change nothing, so there is nothing to make idempotent. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Printable ASCII only: a key is compared byte for byte, and a control character is always a client bug.
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** The key of a request, undefined without the header; 400 VALIDATION_FAILED when malformed. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw new ValidationFailedError([
      { field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' },
    ]);
  }
  return header;
}

/**
 * SHA-256 of the body's RFC 8785 canonical JSON: a retry that orders keys or spaces differently
 * is still the same request. No body counts as `null`.
 */
export function bodyHash(body: unknown): string {
  const canonical = canonicalize(body === undefined ? null : body) ?? 'null';
  return createHash('sha256').update(canonical).digest('hex');
}

/** The concrete route, not its template: PATCH /v1/products/A and /B are different requests. */
export function requestScope(method: string, url: string): string {
  const query = url.indexOf('?');
  return `${method.toUpperCase()} ${query === -1 ? url : url.slice(0, query)}`;
}
