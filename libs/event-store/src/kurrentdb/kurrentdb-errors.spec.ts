import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  NO_STREAM,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { StoreUnavailableError, WrongExpectedRevisionError, type StreamAppend } from '../event-store.port';
import { asRevisionConflict, isStreamNotFound, reportedConflicts, toPortError } from './kurrentdb-errors';

/** What @grpc/grpc-js rejects with before the client converts it (multiStreamAppend's capability check). */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details });
}

describe('toPortError', () => {
  it.each([
    ['UnavailableError', new UnavailableError()],
    ['DeadlineExceededError', new DeadlineExceededError()],
    ['TimeoutError', new TimeoutError()],
    ['CancelledError', new CancelledError()],
    ['AccessDeniedError', new AccessDeniedError()],
    ['UnsupportedError', new UnsupportedError('multiStreamAppend', '25.1')],
    ['raw gRPC UNAVAILABLE', grpcError(14, 'No connection established')],
    ['raw gRPC DEADLINE_EXCEEDED', grpcError(4, 'Deadline exceeded')],
    ['raw gRPC UNAUTHENTICATED', grpcError(16, 'Bad credentials')],
    ['failed gossip discovery', new Error('Failed to discover after 10 attempts.')],
  ])('maps %s to StoreUnavailableError, keeping the cause', (_, error) => {
    const mapped = toPortError(error);

    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect((mapped as StoreUnavailableError).cause).toBe(error);
  });

  it.each([
    ['an unknown client error', new UnknownError()],
    ['a plain error', new TypeError('bug')],
    ['a revision conflict', new WrongExpectedRevisionError([])],
    ['a store error', new StoreUnavailableError('closed')],
  ])('leaves %s as it is', (_, error) => {
    expect(toPortError(error)).toBe(error);
  });

  it('converts another raw gRPC error to the client error it stands for', () => {
    expect(toPortError(grpcError(2, 'boom'))).toBeInstanceOf(UnknownError);
  });
});

describe('isStreamNotFound', () => {
  it('recognises the client error for a missing stream only', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'serial-1'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
    expect(isStreamNotFound(undefined)).toBe(false);
  });
});

describe('asRevisionConflict and reportedConflicts', () => {
  const appends: StreamAppend[] = [
    { streamId: 'movement-1', expectedRevision: 'no_stream', events: [] },
    { streamId: 'serial-1', expectedRevision: 3, events: [] },
  ];

  it('reads the stream and actual state of the client error and states the port expectation', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'serial-1',
      expected: 3n,
      current: 5n,
    });

    const conflict = asRevisionConflict(error);

    expect(conflict).toEqual({ streamName: 'serial-1', actualState: 5n });
    expect(reportedConflicts(appends, conflict)).toEqual([{ streamId: 'serial-1', expected: 3, actual: 5 }]);
  });

  it('maps a stream reported missing to actual -1', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'serial-1',
      expected: 3n,
      current: NO_STREAM,
    });

    expect(reportedConflicts(appends, asRevisionConflict(error))).toEqual([
      { streamId: 'serial-1', expected: 3, actual: -1 },
    ]);
  });

  it('reports nothing for other errors or streams not in the append', () => {
    const elsewhere = new WrongExpectedVersionError(undefined, {
      streamName: 'other',
      expected: 0n,
      current: 1n,
    });

    expect(asRevisionConflict(new UnavailableError())).toBeUndefined();
    expect(reportedConflicts(appends, asRevisionConflict(elsewhere))).toEqual([]);
  });
});
