import { convertToCommandError, ErrorType, type CurrentStreamState } from '@kurrent/kurrentdb-client';
import {
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type StreamAppend,
  type StreamConflict,
} from '../event-store.port';
import { toActualRevision } from './kurrentdb-mapping';

/** Client error types that say the store cannot serve now, not that the request was wrong. */
const UNAVAILABLE_REASONS: ReadonlyMap<string, string> = new Map([
  [ErrorType.UNAVAILABLE, 'is unreachable'],
  [ErrorType.DEADLINE_EXCEEDED, 'did not answer in time'],
  [ErrorType.TIMEOUT, 'timed out'],
  [ErrorType.CANCELLED, 'cancelled the request'],
  [ErrorType.NOT_LEADER, 'answered from a node that is not the leader'],
  [
    ErrorType.ACCESS_DENIED,
    'denied access: the user in EVENTSTORE_CONNECTION_STRING must be allowed to write streams and read $all',
  ],
  [ErrorType.UNSUPPORTED, 'does not support an operation this service needs (KurrentDB 25.1 or later)'],
]);

/** The client throws this plain Error when gossip discovery (`+discover` connection strings) finds no node. */
const DISCOVERY_FAILURE = /^Failed to discover after \d+ attempts/;

/**
 * Classified by the client's `type` tag rather than `instanceof`, the way the client itself tells its
 * errors apart; raw gRPC errors (which some calls throw before conversion) are converted first.
 */
export function typeOf(error: unknown): string | undefined {
  const type = (converted(error) as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

export function isStreamNotFound(error: unknown): boolean {
  return typeOf(error) === ErrorType.STREAM_NOT_FOUND;
}

/** The client's error for a failed stream expectation, narrowed to what the port needs from it. */
export interface RevisionConflict {
  readonly streamName: string;
  readonly actualState: CurrentStreamState;
}

export function asRevisionConflict(error: unknown): RevisionConflict | undefined {
  if (typeOf(error) !== ErrorType.WRONG_EXPECTED_VERSION) return undefined;
  const { streamName, actualState } = converted(error) as Partial<RevisionConflict>;
  if (typeof streamName !== 'string' || actualState === undefined) return undefined;
  return { streamName, actualState };
}

/** The conflict KurrentDB reported, with the expectation as the port stated it. */
export function reportedConflicts(
  appends: readonly StreamAppend[],
  conflict: RevisionConflict | undefined,
): StreamConflict[] {
  const append = appends.find((candidate) => candidate.streamId === conflict?.streamName);
  if (!append || !conflict) return [];
  return [
    {
      streamId: append.streamId,
      expected: append.expectedRevision,
      actual: toActualRevision(conflict.actualState),
    },
  ];
}

/** Connection-level failures become StoreUnavailableError; anything else is returned as the client gave it. */
export function toPortError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || error instanceof WrongExpectedRevisionError) return error;
  const commandError = converted(error);
  // grpc-js ends connection failures with an empty "Resolution note:", which says nothing.
  const message = (commandError instanceof Error ? commandError.message : String(commandError))
    .replace(/\s*Resolution note:\s*$/, '')
    .trim();
  const reason = UNAVAILABLE_REASONS.get(typeOf(commandError) ?? '');
  if (reason !== undefined) {
    return new StoreUnavailableError(`KurrentDB ${reason}: ${message}`, { cause: error });
  }
  if (DISCOVERY_FAILURE.test(message)) {
    return new StoreUnavailableError(`KurrentDB cluster discovery failed: ${message}`, { cause: error });
  }
  return commandError;
}

function converted(error: unknown): unknown {
  if (!(typeof error === 'object' && error !== null && 'message' in error)) return error;
  try {
    return convertToCommandError(error as Error);
  } catch {
    // A gRPC-shaped error missing the fields the converter reads: keep it as it came.
    return error;
  }
}
