import { isSafePattern } from 'redos-detector';
import { DomainError } from '../shared/domain-error';

/**
 * How far redos-detector may explore a pattern before it calls it unsafe. A budget of steps, not its
 * timeout, keeps the answer the same on every machine (the domain reads no clock); 3,000 answers in
 * well under a second even for the patterns that exhaust it, and the checker fails closed.
 */
const REDOS_MAX_STEPS = 3_000;

/**
 * A product's serial format is a regular expression in JavaScript syntax, Unicode mode, that the whole
 * serial number must match (API.md Conventions). It is compiled on its own first: a pattern that does
 * not compile alone could escape the group that anchors it.
 */
export function serialFormatPattern(format: string): RegExp {
  new RegExp(format, 'u');
  return new RegExp(`^(?:${format})$`, 'u');
}

/**
 * The reason a format cannot be used, or null: it must compile, and redos-detector (a maintained
 * backtracking analyser) must find no input that could take catastrophic time, such as the nested
 * quantifiers of `(a+)+`.
 */
export function serialFormatError(format: string): string | null {
  let anchored: RegExp;
  try {
    anchored = serialFormatPattern(format);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const safety = isSafePattern(anchored.source, { unicode: true, maxSteps: REDOS_MAX_STEPS });
  return safety.safe ? null : `it is at risk of catastrophic backtracking (${safety.error})`;
}

export function assertSerialFormatCompiles(format: string | null | undefined): void {
  const error = format === null || format === undefined ? null : serialFormatError(format);
  if (error !== null) {
    throw new DomainError('VALIDATION_FAILED', `serialFormat cannot be used: ${error}`);
  }
}
