import { HttpStatus } from '@nestjs/common';
import { echoed } from './echo';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Stable, not dereferenceable: clients branch on `code`, `type` only names the kind of problem. */
export const PROBLEM_TYPE_BASE = 'https://serial-tracking/problems/';

export interface ProblemFieldError {
  readonly field: string;
  readonly message: string;
  /** For a serial that broke a domain rule: which serial and which rule. */
  readonly serialNumber?: string;
  readonly code?: string;
}

/** RFC 9457 problem document, with the API.md extensions `code`, `serialNumbers` and `errors`. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly serialNumbers?: readonly string[];
  readonly errors?: readonly ProblemFieldError[];
}

/** API.md "Status codes and error codes", for the codes the domain and application layers raise. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_ACCEPTABLE: 406,
  PRODUCT_ALREADY_EXISTS: 409,
  LOCATION_ALREADY_EXISTS: 409,
  MOVEMENT_ALREADY_EXISTS: 409,
  SERIAL_ALREADY_EXISTS: 409,
  SERIAL_NOT_AT_LOCATION: 409,
  SERIAL_RESERVED: 409,
  SERIAL_NOT_DELIVERED_TO_CUSTOMER: 409,
  SERIAL_NOT_FOUND: 409,
  MOVEMENT_NOT_PENDING: 409,
  PRODUCT_HAS_SERIALS: 409,
  GTIN_ALREADY_USED: 409,
  SERIAL_INSTALLED: 409,
  SERIAL_NOT_INSTALLED: 409,
  CONCURRENCY_CONFLICT: 409,
  REQUEST_IN_PROGRESS: 409,
  WEBHOOK_ALREADY_EXISTS: 409,
  REBUILD_IN_PROGRESS: 409,
  REBUILD_UNAVAILABLE: 409,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PRODUCT_NOT_FOUND: 422,
  LOCATION_NOT_FOUND: 422,
  PRODUCT_NOT_SERIAL_TRACKED: 422,
  TRACKING_REQUIRES_STORABLE: 422,
  INVALID_LOCATION_TYPE: 422,
  INVALID_LOCATION_PARENT: 422,
  QUANTITY_MISMATCH: 422,
  DUPLICATE_IN_REQUEST: 422,
  ASSEMBLY_CYCLE: 422,
  ASSEMBLY_TOO_DEEP: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  TOO_MANY_REQUESTS: 429,
  REQUEST_HEADER_FIELDS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  READ_MODEL_BEHIND: 503,
  STORE_UNAVAILABLE: 503,
  AUTH_UNAVAILABLE: 503,
};

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  500: 'INTERNAL_ERROR',
};

/** For HTTP-level failures (Nest or Fastify) that carry a status but none of our codes. */
export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? HttpStatus[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

/** Longest `detail` and field message sent: whatever they quote of the request, they stay short. */
const MAX_DETAIL_LENGTH = 1000;
const MAX_FIELD_LENGTH = 200;
const MAX_MESSAGE_LENGTH = 500;

export function problem(
  code: string,
  status: number,
  detail: string,
  extensions: Pick<ProblemDocument, 'serialNumbers' | 'errors'> = {},
): ProblemDocument {
  const words = code.toLowerCase().split('_');
  const title = words.join(' ').replace(/^./, (first) => first.toUpperCase());
  const { errors, ...rest } = extensions;
  return {
    type: `${PROBLEM_TYPE_BASE}${words.join('-')}`,
    title,
    status,
    detail: echoed(detail, MAX_DETAIL_LENGTH),
    code,
    ...rest,
    ...(errors !== undefined && {
      errors: errors.map((error) => ({
        ...error,
        field: echoed(error.field, MAX_FIELD_LENGTH),
        message: echoed(error.message, MAX_MESSAGE_LENGTH),
      })),
    }),
  };
}
