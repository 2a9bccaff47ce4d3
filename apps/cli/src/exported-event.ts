import { LedgerInputError } from './ledger-inputs';

/** A line of `GET /v1/audit/export`, checked for shape (not yet for truth). */
export interface ExportedEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly revision: number;
  readonly position: bigint;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, string>>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Throws LedgerInputError naming the line and the field: a file that is no export cannot be verified. */
export function parseExportedEvent(line: string, lineNumber: number): ExportedEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new LedgerInputError(`line ${lineNumber} is not JSON`);
  }
  if (!isObject(value)) throw new LedgerInputError(`line ${lineNumber} is not an event object`);
  const { eventId, streamId, type, revision, position, data, metadata } = value;
  const bad = [
    typeof eventId === 'string' ? null : 'eventId',
    typeof streamId === 'string' ? null : 'streamId',
    typeof type === 'string' ? null : 'type',
    Number.isSafeInteger(revision) && (revision as number) >= 0 ? null : 'revision',
    typeof position === 'string' && /^\d{1,19}$/.test(position) ? null : 'position',
    isObject(data) ? null : 'data',
    isObject(metadata) && Object.values(metadata).every((v) => typeof v === 'string') ? null : 'metadata',
  ].filter((field) => field !== null);
  if (bad.length > 0) {
    throw new LedgerInputError(`line ${lineNumber}: ${bad.join(', ')} missing or malformed`);
  }
  return {
    eventId: eventId as string,
    streamId: streamId as string,
    type: type as string,
    revision: revision as number,
    position: BigInt(position as string),
    data: data as Record<string, unknown>,
    metadata: metadata as Record<string, string>,
  };
}
