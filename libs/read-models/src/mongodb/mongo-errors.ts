import { StoreUnavailableError } from '@serial/event-store';

/** Driver errors that mean "cannot reach a usable server", by class name so the driver loads lazily. */
const UNAVAILABLE_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoServerClosedError',
  'MongoClientClosedError',
  'MongoOperationTimeoutError',
  'MongoStalePrimaryError',
]);

/** Server answers that mean the same: shutting down, or not (or no longer) the primary. */
const UNAVAILABLE_CODES = new Set([91, 189, 10107, 11600, 11602, 13435, 13436]);

const AUTHENTICATION_FAILED = 18;

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return UNAVAILABLE_ERRORS.has(error.name) || (typeof code === 'number' && UNAVAILABLE_CODES.has(code));
}

/** What the read store throws: StoreUnavailableError (503 STORE_UNAVAILABLE) when the server is away. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isUnavailable(error)) return error;
  const message = `MongoDB read store unavailable: ${(error as Error).message}`;
  return new StoreUnavailableError(message, { cause: error });
}

const PREFIX = 'Cannot use the MongoDB server of MONGODB_URI';

/** Quoted text in a parser's message may be part of a password. */
const unquoted = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/"[^"]*"/g, 'text');

/** The client refused the URI before connecting (MongoParseError, or MongoRuntimeError from URL parsing). */
export function invalidUriError(error: unknown): StoreUnavailableError {
  const message = `${PREFIX}: it is not a valid MongoDB connection string: ${unquoted(error)}`;
  return new StoreUnavailableError(message, { cause: error });
}

/**
 * Why the service cannot start on MONGODB_URI, for the operator. Never the URI itself: it may hold a
 * password; quoted text in a parser message may be part of it too.
 */
export function connectError(error: unknown, timeoutMs: number): StoreUnavailableError {
  const name = error instanceof Error ? error.name : '';
  const message = unquoted(error);
  if (name === 'MongoParseError') return invalidUriError(error);
  let reason: string;
  if (name === 'MongoServerSelectionError') {
    reason = `no usable server answered within ${timeoutMs} ms (${message}); is it running and reachable from here?`;
  } else if ((error as { code?: unknown }).code === AUTHENTICATION_FAILED) {
    reason = 'authentication failed; check the user and password in MONGODB_URI';
  } else {
    reason = message;
  }
  return new StoreUnavailableError(`${PREFIX}: ${reason}`, { cause: error });
}
