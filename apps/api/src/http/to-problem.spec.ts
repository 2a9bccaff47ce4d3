import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@serial/domain';
import { StoreUnavailableError } from '@serial/event-store';
import {
  ConcurrencyConflictError,
  IdempotencyKeyReusedError,
  NotFoundError,
  ReadModelBehindError,
  RequestInProgressError,
  ValidationFailedError,
} from './application-errors';
import { toProblem } from './to-problem';

describe('toProblem', () => {
  it.each<[DomainErrorCode, number]>([
    ['PRODUCT_ALREADY_EXISTS', 409],
    ['LOCATION_ALREADY_EXISTS', 409],
    ['SERIAL_ALREADY_EXISTS', 409],
    ['SERIAL_NOT_AT_LOCATION', 409],
    ['SERIAL_RESERVED', 409],
    ['SERIAL_NOT_DELIVERED_TO_CUSTOMER', 409],
    ['SERIAL_NOT_FOUND', 409],
    ['MOVEMENT_NOT_PENDING', 409],
    ['PRODUCT_NOT_FOUND', 422],
    ['LOCATION_NOT_FOUND', 422],
    ['PRODUCT_NOT_SERIAL_TRACKED', 422],
    ['TRACKING_REQUIRES_STORABLE', 422],
    ['INVALID_LOCATION_TYPE', 422],
    ['QUANTITY_MISMATCH', 422],
    ['DUPLICATE_IN_REQUEST', 422],
    ['NOT_FOUND', 404],
  ])('maps DomainError %s to %i', (code, status) => {
    const { problem, serverFault } = toProblem(new DomainError(code, 'what went wrong'));
    expect(problem).toEqual({
      type: `https://serial-tracking/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: expect.any(String),
      status,
      detail: 'what went wrong',
      code,
    });
    expect(serverFault).toBe(false);
  });

  it('names every offending serial', () => {
    const error = DomainError.fromViolations([
      { serialNumber: 'SN-1', code: 'SERIAL_NOT_AT_LOCATION', detail: 'Serial number SN-1 is not at WH/A' },
      { serialNumber: 'SN-2', code: 'SERIAL_NOT_AT_LOCATION', detail: 'Serial number SN-2 is not at WH/A' },
    ]);
    expect(toProblem(error).problem).toEqual({
      type: 'https://serial-tracking/problems/serial-not-at-location',
      title: 'Serial not at location',
      status: 409,
      detail: error.message,
      code: 'SERIAL_NOT_AT_LOCATION',
      serialNumbers: ['SN-1', 'SN-2'],
    });
  });

  it('gives each serial its own reason when the reasons differ', () => {
    const error = DomainError.fromViolations([
      { serialNumber: 'SN-1', code: 'SERIAL_NOT_AT_LOCATION', detail: 'SN-1 is not at WH/A' },
      { serialNumber: 'SN-2', code: 'SERIAL_RESERVED', detail: 'SN-2 is reserved for SO-9' },
    ]);
    expect(toProblem(error).problem).toMatchObject({
      status: 409,
      code: 'SERIAL_NOT_AT_LOCATION',
      serialNumbers: ['SN-1', 'SN-2'],
      errors: [
        {
          field: 'serialNumbers',
          serialNumber: 'SN-1',
          code: 'SERIAL_NOT_AT_LOCATION',
          message: 'SN-1 is not at WH/A',
        },
        {
          field: 'serialNumbers',
          serialNumber: 'SN-2',
          code: 'SERIAL_RESERVED',
          message: 'SN-2 is reserved for SO-9',
        },
      ],
    });
  });

  it.each([
    [new ConcurrencyConflictError(['serial-P:1']), 409, 'CONCURRENCY_CONFLICT'],
    [new RequestInProgressError(), 409, 'REQUEST_IN_PROGRESS'],
    [new IdempotencyKeyReusedError(), 422, 'IDEMPOTENCY_KEY_REUSED'],
    [new NotFoundError('No product P-9'), 404, 'NOT_FOUND'],
    [new ReadModelBehindError('42'), 503, 'READ_MODEL_BEHIND'],
  ])('maps %p to %i %s', (error, status, code) => {
    expect(toProblem(error).problem).toMatchObject({ status, code, detail: error.message });
  });

  it('lists every invalid field of a validation failure', () => {
    const errors = [
      { field: 'range.count', message: 'count must be a positive number' },
      { field: 'extra', message: 'property extra should not exist' },
    ];
    expect(toProblem(new ValidationFailedError(errors)).problem).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors,
    });
  });

  it('answers 503 STORE_UNAVAILABLE without the store internals, and logs it', () => {
    const { problem, serverFault } = toProblem(
      new StoreUnavailableError('SQLITE_IOERR at /var/data/events.sqlite'),
    );
    expect(problem).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE' });
    expect(problem.detail).not.toContain('/var/data');
    expect(serverFault).toBe(true);
  });

  it.each([
    [new UnauthorizedException('The token has expired'), 401, 'UNAUTHENTICATED', 'The token has expired'],
    [new ForbiddenException('This route needs role admin'), 403, 'FORBIDDEN', 'This route needs role admin'],
    [new NotFoundException('Cannot GET /nope'), 404, 'NOT_FOUND', 'Cannot GET /nope'],
    [
      new BadRequestException(['a must be a string', 'b too']),
      400,
      'VALIDATION_FAILED',
      'a must be a string; b too',
    ],
    [
      new PayloadTooLargeException('Request body is too large'),
      413,
      'PAYLOAD_TOO_LARGE',
      'Request body is too large',
    ],
    [new UnsupportedMediaTypeException('text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE', 'text/plain'],
    [new HttpException('slow down', 429), 429, 'TOO_MANY_REQUESTS', 'slow down'],
  ])('maps %p', (exception, status, code, detail) => {
    expect(toProblem(exception)).toEqual({
      problem: expect.objectContaining({ status, code, detail }),
      serverFault: false,
    });
  });

  it('keeps the status of a client error a Fastify plugin threw', () => {
    const error = Object.assign(new Error('Request timed out'), { statusCode: 408 });
    expect(toProblem(error)).toEqual({
      problem: expect.objectContaining({ status: 408, code: 'REQUEST_TIMEOUT', detail: 'Request timed out' }),
      serverFault: false,
    });
  });

  it.each([
    new Error('secret connection string postgres://u:p@h'),
    new TypeError("Cannot read properties of undefined (reading 'x')"),
    new InternalServerErrorException('db password wrong'),
    'a thrown string',
    undefined,
  ])('hides the internals of %p behind 500 INTERNAL_ERROR and logs it', (exception) => {
    const { problem, serverFault } = toProblem(exception);
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', title: 'Internal error' });
    expect(JSON.stringify(problem)).not.toMatch(/secret|password|properties|string|stack|at /);
    expect(serverFault).toBe(true);
  });

  it('does not take an error code that merely looks like ours from a system error', () => {
    const error = Object.assign(new Error('ENOENT'), { code: 'NOT_FOUND' });
    expect(toProblem(error).problem.status).toBe(500);
  });
});
