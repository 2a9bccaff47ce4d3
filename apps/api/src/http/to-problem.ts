import { HttpException } from '@nestjs/common';
import { DomainError } from '@serial/domain';
import { StoreUnavailableError } from '@serial/event-store';
import { ApplicationError, TooManyRequestsError, ValidationFailedError } from './application-errors';
import { codeForStatus, problem, ProblemDocument, ProblemFieldError, STATUS_BY_CODE } from './problem';

export interface MappedProblem {
  readonly problem: ProblemDocument;
  /** A failure on our side: the operator must see it in the log, with its stack. */
  readonly serverFault: boolean;
  /** For a 429: when to come back (the Retry-After header). */
  readonly retryAfterSeconds?: number;
}

const INTERNAL_DETAIL = 'An unexpected error occurred; the service log has the details';

/** Turns anything a request can throw into the problem document the client gets. */
export function toProblem(exception: unknown): MappedProblem {
  if (exception instanceof DomainError) return { problem: fromDomainError(exception), serverFault: false };
  if (exception instanceof ValidationFailedError) {
    return {
      problem: problem(exception.code, 400, exception.message, { errors: exception.errors }),
      serverFault: false,
    };
  }
  if (exception instanceof TooManyRequestsError) {
    return {
      problem: problem(exception.code, 429, exception.message),
      serverFault: false,
      retryAfterSeconds: exception.retryAfterSeconds,
    };
  }
  if (exception instanceof ApplicationError && STATUS_BY_CODE[exception.code] !== undefined) {
    return {
      problem: problem(exception.code, STATUS_BY_CODE[exception.code], exception.message),
      serverFault: false,
    };
  }
  if (exception instanceof StoreUnavailableError) {
    // The store's own message can name files or hosts; the client only needs to know to retry.
    const detail = 'The event store or read store cannot be reached; retry later';
    return { problem: problem('STORE_UNAVAILABLE', 503, detail), serverFault: true };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isClientError(exception)) return { problem: fromClientError(exception), serverFault: false };
  return { problem: problem('INTERNAL_ERROR', 500, INTERNAL_DETAIL), serverFault: true };
}

function fromDomainError(error: DomainError): ProblemDocument {
  const status = STATUS_BY_CODE[error.code] ?? 422;
  const serialNumbers = error.serialNumbers.length > 0 ? { serialNumbers: error.serialNumbers } : {};
  const distinctCodes = new Set(error.violations.map((v) => v.code));
  if (distinctCodes.size <= 1) return problem(error.code, status, error.message, serialNumbers);
  const errors: ProblemFieldError[] = error.violations.map((v) => ({
    field: 'serialNumbers',
    serialNumber: v.serialNumber,
    code: v.code,
    message: v.detail,
  }));
  return problem(error.code, status, error.message, { ...serialNumbers, errors });
}

function fromHttpException(exception: HttpException): MappedProblem {
  const status = exception.getStatus();
  if (status >= 500) {
    return { problem: problem(codeForStatus(status), status, INTERNAL_DETAIL), serverFault: true };
  }
  return {
    problem: problem(codeForStatus(status), status, httpExceptionDetail(exception)),
    serverFault: false,
  };
}

/** Nest puts `{ statusCode, message, error }` in the response; `message` may be a list (built-in pipes). */
function httpExceptionDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

interface ClientError extends Error {
  statusCode: number;
}

/** Errors with an HTTP status that Nest did not turn into an HttpException (from Fastify plugins). */
function isClientError(exception: unknown): exception is ClientError {
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  return (
    exception instanceof Error && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500
  );
}

function fromClientError(error: ClientError): ProblemDocument {
  return problem(codeForStatus(error.statusCode), error.statusCode, error.message);
}
