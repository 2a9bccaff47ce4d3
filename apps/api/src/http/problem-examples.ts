import type { ProblemFieldError } from './problem';

export interface ProblemExample {
  /** One line: when the code is answered (docs/api.md "Status codes and error codes"). */
  readonly when: string;
  /** A `detail` the service really writes, with the README walk-through's values. */
  readonly detail: string;
  readonly serialNumbers?: readonly string[];
  readonly errors?: readonly ProblemFieldError[];
}

const serialNotFound = 'Serial number SN-0404 of product LAPTOP-15 does not exist';

/**
 * The example the OpenAPI document shows for each code of problem.ts's STATUS_BY_CODE (a unit test
 * keeps the two in step). A route may document its own detail instead (ApiProblems).
 */
export const PROBLEM_EXAMPLES: Readonly<Record<string, ProblemExample>> = {
  VALIDATION_FAILED: {
    when: 'malformed JSON, a missing, ill-typed or unknown field, an id or serial of the wrong shape',
    detail: '2 fields are invalid; see errors',
    errors: [
      { field: 'colour', message: 'property colour should not exist' },
      { field: 'productId', message: 'productId must be 1-64 characters from A-Z a-z 0-9 . _ : / -' },
    ],
  },
  UNAUTHENTICATED: {
    when: 'no token, or one that is malformed, expired or wrongly signed',
    detail: 'Send an Authorization: Bearer <token> header',
  },
  FORBIDDEN: { when: 'the token lacks the role', detail: 'This route needs role operator' },
  NOT_ACCEPTABLE: {
    when: 'GET /v1/feed without Accept: text/event-stream',
    detail: 'The feed is Server-Sent Events: send Accept: text/event-stream',
  },
  NOT_FOUND: { when: 'what the URL names does not exist', detail: serialNotFound },
  PRODUCT_ALREADY_EXISTS: {
    when: 'a product with this id exists',
    detail: 'Product LAPTOP-15 already exists',
  },
  LOCATION_ALREADY_EXISTS: {
    when: 'a location with this id exists',
    detail: 'Location WH/Shelf-2 already exists',
  },
  PRODUCT_HAS_SERIALS: {
    when: 'changing the tracking of a product that has serials',
    detail: "Product LAPTOP-15 has serials; its tracking stays 'serial'",
  },
  GTIN_ALREADY_USED: {
    when: 'another product has this GTIN (compared as 14 digits)',
    detail: 'GTIN 09506000134352 is already used by product LAPTOP-15',
  },
  WEBHOOK_ALREADY_EXISTS: {
    when: 'a webhook with this id exists',
    detail: 'Webhook erp-sync already exists',
  },
  MOVEMENT_ALREADY_EXISTS: {
    when: 'a movement with this id exists',
    detail: 'Movement WH/IN/00042 already exists',
  },
  SERIAL_ALREADY_EXISTS: {
    when: 'the serial exists already (on hand, or registered before)',
    detail: 'Serial number SN-0098 already exists on hand at WH/Stock',
    serialNumbers: ['SN-0098'],
  },
  SERIAL_NOT_AT_LOCATION: {
    when: 'the serial is not on hand at the location named',
    detail: 'Serial number SN-0098 is not on hand at WH/Stock',
    serialNumbers: ['SN-0098'],
  },
  SERIAL_RESERVED: {
    when: 'the serial is reserved for another reference',
    detail: 'Serial number SN-0100 is reserved for SO-5',
    serialNumbers: ['SN-0100'],
  },
  SERIAL_NOT_DELIVERED_TO_CUSTOMER: {
    when: 'the serial is not out at that customer',
    detail: 'Serial number SN-0100 is not out at customer CUST-42',
    serialNumbers: ['SN-0100'],
  },
  SERIAL_NOT_FOUND: {
    when: 'a serial that has never existed (for this product)',
    detail: serialNotFound,
    serialNumbers: ['SN-0404'],
  },
  MOVEMENT_NOT_PENDING: {
    when: 'the movement is done or cancelled',
    detail: 'Movement WH/IN/00042 is done, no longer pending',
  },
  CONCURRENCY_CONFLICT: {
    when: 'the serials changed under the command and retries did not resolve it; retry',
    detail: 'The serials changed while the command ran; retry the request',
  },
  REQUEST_IN_PROGRESS: {
    when: 'the first request with this Idempotency-Key is still running',
    detail: 'The first request with this Idempotency-Key is still running; retry later',
  },
  REBUILD_IN_PROGRESS: {
    when: 'a rebuild is already running',
    detail: 'A rebuild of the read models is already running',
  },
  REBUILD_UNAVAILABLE: {
    when: 'this process does not apply events (PROJECTOR=off, or a standby)',
    detail:
      'The projector does not run in this process (PROJECTOR=off, or a standby without the lease); rebuild where it runs',
  },
  REQUEST_TIMEOUT: {
    when: 'the headers and body did not arrive within REQUEST_TIMEOUT (30 s by default)',
    detail: 'The request did not arrive within 30 s',
  },
  PAYLOAD_TOO_LARGE: { when: 'the body is over 16 MiB', detail: 'Request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: {
    when: 'a body that is not application/json in UTF-8, or one with a Content-Encoding',
    detail: 'Send the body uncompressed: Content-Encoding is not supported',
  },
  PRODUCT_NOT_FOUND: {
    when: 'the body names an unknown product',
    detail: 'Product LAPTOP-17 does not exist',
  },
  LOCATION_NOT_FOUND: {
    when: 'the body names an unknown location',
    detail: 'Location WH/Shelf-9 does not exist',
  },
  PRODUCT_NOT_SERIAL_TRACKED: {
    when: "the product's tracking is not serial",
    detail: "Product CABLE-2M is tracked by 'none', not by serial number",
  },
  TRACKING_REQUIRES_STORABLE: {
    when: 'serial tracking for a product that is not storable',
    detail: 'Serial tracking needs a storable product; this one is consumable',
  },
  INVALID_LOCATION_TYPE: {
    when: 'a location of a type the command does not take',
    detail: 'Destination Partners/Customers is a customer location; expected internal',
  },
  INVALID_LOCATION_PARENT: {
    when: "a location's parent is of another type, or the tree would be deeper than 16 levels",
    detail:
      'Parent location Partners/Customers is of type customer; a location of type internal needs a parent of the same type',
  },
  QUANTITY_MISMATCH: {
    when: 'a serial-tracked line has not exactly its quantity of serials',
    detail: 'Serial-tracked lines need exactly their quantity of serials: line 0 has 1 of 2',
  },
  SERIAL_INSTALLED: {
    when: 'a serial installed in another unit, asked to move or be installed by itself',
    detail: 'Serial number B-0007 is installed in LAPTOP-15 SN-0098 and moves only with it',
    serialNumbers: ['B-0007'],
  },
  SERIAL_NOT_INSTALLED: {
    when: 'uninstalling a serial that is not installed directly in the parent named',
    detail: 'Serial number B-0007 is not installed in LAPTOP-15 SN-0098',
    serialNumbers: ['B-0007'],
  },
  ASSEMBLY_CYCLE: {
    when: 'installing a serial into itself or into one of its own components, at any depth',
    detail: 'Serial number SN-0098 of LAPTOP-15 cannot be installed in LAPTOP-15 SN-0098, which it holds',
    serialNumbers: ['SN-0098'],
  },
  ASSEMBLY_TOO_DEEP: {
    when: 'the assembly would be deeper than 16 levels',
    detail: 'Installing B-0007 would make the assembly 17 levels deep; at most 16',
    serialNumbers: ['B-0007'],
  },
  DUPLICATE_IN_REQUEST: {
    when: 'the same serial twice in one request',
    detail: 'Serial number SN-0098 appears more than once in the request',
    serialNumbers: ['SN-0098'],
  },
  IDEMPOTENCY_KEY_REUSED: {
    when: 'the Idempotency-Key was used with a different body',
    detail: 'This Idempotency-Key was used with a different request body',
  },
  TOO_MANY_REQUESTS: {
    when: 'MAX_LARGE_COMMANDS large commands are running, or the user holds 100,000 live Idempotency-Keys; see Retry-After',
    detail: '2 commands of more than 1000 serials are running; retry shortly',
  },
  REQUEST_HEADER_FIELDS_TOO_LARGE: {
    when: 'the request headers are over 16 KB (Node closes the connection after this answer)',
    detail: 'The request headers are larger than 16 KB (a token of that size is not one this service issues)',
  },
  INTERNAL_ERROR: {
    when: "an unexpected failure; the service log has it under the answer's X-Request-Id",
    detail: 'An unexpected error occurred; the service log has the details',
  },
  READ_MODEL_BEHIND: {
    when: 'the read models did not reach X-Min-Position within 5 s',
    detail: 'The read models have not reached position 15 yet; retry later',
  },
  STORE_UNAVAILABLE: {
    when: 'the event store or read store cannot be reached',
    detail: 'The event store or read store cannot be reached; retry later',
  },
  AUTH_UNAVAILABLE: {
    when: "with AUTH_JWKS_URL: the identity provider's keys cannot be fetched and the token's key is not cached",
    detail: "The identity provider's keys cannot be fetched and this token's key is not known; retry later",
  },
};
