/**
 * Errors the application layer (command handlers, idempotency, read-your-writes) throws. Like
 * DomainError they carry a stable API.md `code`; the problem filter maps the code to a status.
 */
export abstract class ApplicationError extends Error {
  abstract readonly code: string;
}

/** The streams changed under the command and bounded retries did not resolve it. */
export class ConcurrencyConflictError extends ApplicationError {
  readonly code = 'CONCURRENCY_CONFLICT';

  constructor(readonly streamIds: readonly string[]) {
    super('The serials changed while the command ran; retry the request');
    this.name = 'ConcurrencyConflictError';
  }
}
