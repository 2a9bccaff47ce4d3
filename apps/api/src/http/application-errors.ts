import { ApplicationError } from '@serial/runtime';

export { ApplicationError, ConcurrencyConflictError } from '@serial/runtime';

/** The resource named in the URL does not exist (a body naming an unknown id is a DomainError, 422). */
export class NotFoundError extends ApplicationError {
  readonly code = 'NOT_FOUND';

  constructor(detail: string) {
    super(detail);
    this.name = 'NotFoundError';
  }
}

/** 400 for checks beyond the DTO decorators (e.g. a GTIN check digit); same shape as DTO failures. */
export class ValidationFailedError extends ApplicationError {
  readonly code = 'VALIDATION_FAILED';

  constructor(readonly errors: readonly FieldError[]) {
    super(
      errors.length === 1
        ? `${errors[0].field}: ${errors[0].message}`
        : `${errors.length} fields are invalid; see errors`,
    );
    this.name = 'ValidationFailedError';
  }
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A body in a charset or encoding the service does not read (API.md "Load limits"). */
export class UnsupportedMediaTypeError extends ApplicationError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';

  constructor(detail: string) {
    super(detail);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** API.md "Load limits" and "Idempotency-Key": come back after `retryAfterSeconds` (the Retry-After header). */
export class TooManyRequestsError extends ApplicationError {
  readonly code = 'TOO_MANY_REQUESTS';

  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
    this.name = 'TooManyRequestsError';
  }
}

export class IdempotencyKeyReusedError extends ApplicationError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';

  constructor() {
    super('This Idempotency-Key was used with a different request body');
    this.name = 'IdempotencyKeyReusedError';
  }
}

export class RequestInProgressError extends ApplicationError {
  readonly code = 'REQUEST_IN_PROGRESS';

  constructor() {
    super('The first request with this Idempotency-Key is still running; retry later');
    this.name = 'RequestInProgressError';
  }
}

/** X-Min-Position was not reached in time. */
export class ReadModelBehindError extends ApplicationError {
  readonly code = 'READ_MODEL_BEHIND';

  constructor(readonly minPosition: string) {
    super(`The read models have not reached position ${minPosition} yet; retry later`);
    this.name = 'ReadModelBehindError';
  }
}

/** The projector runs in another process (PROJECTOR=off); only it can rebuild. */
export class RebuildUnavailableError extends ApplicationError {
  readonly code = 'REBUILD_UNAVAILABLE';

  constructor() {
    super(
      'The projector does not run in this process (PROJECTOR=off, or a standby without the lease); rebuild where it runs',
    );
    this.name = 'RebuildUnavailableError';
  }
}

export class RebuildRunningError extends ApplicationError {
  readonly code = 'REBUILD_IN_PROGRESS';

  constructor() {
    super('A rebuild of the read models is already running');
    this.name = 'RebuildRunningError';
  }
}

/** The change feed answers only `Accept: text/event-stream`. */
export class NotAcceptableError extends ApplicationError {
  readonly code = 'NOT_ACCEPTABLE';

  constructor(detail: string) {
    super(detail);
    this.name = 'NotAcceptableError';
  }
}
