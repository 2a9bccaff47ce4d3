import { DomainError } from '../shared/domain-error';

/**
 * A product's serial format is a regular expression in JavaScript syntax, Unicode mode, that the whole
 * serial number must match (API.md Conventions). It is compiled on its own first: a pattern that does
 * not compile alone could escape the group that anchors it.
 */
export function serialFormatPattern(format: string): RegExp {
  new RegExp(format, 'u');
  return new RegExp(`^(?:${format})$`, 'u');
}

/** The reason a format cannot be used, or null when it compiles. */
export function serialFormatError(format: string): string | null {
  try {
    serialFormatPattern(format);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function assertSerialFormatCompiles(format: string | null | undefined): void {
  const error = format === null || format === undefined ? null : serialFormatError(format);
  if (error !== null) {
    throw new DomainError('VALIDATION_FAILED', `serialFormat is not a valid regular expression: ${error}`);
  }
}
