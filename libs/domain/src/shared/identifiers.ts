/** ERP ids (API.md): 1-64 characters from [A-Za-z0-9._:/-], case-sensitive. */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9._:/-]{1,64}$/;
/** Serial numbers: 1-128 printable characters. Control, format (bidi overrides), surrogate and line/paragraph separators are not printable. */
export const SERIAL_NUMBER_PATTERN = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]{1,128}$/u;
/** Free text (names, reasons, references, the token's user): any length, printable characters only, as serials. */
export const PRINTABLE_TEXT_PATTERN = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]*$/u;
export const MAX_SERIALS_PER_REQUEST = 10_000;

/**
 * The one form a serial number is stored and compared in, wherever it enters (body, path, query,
 * scan, CSV import): trimmed, and Unicode NFC, so that a composed `é` and `e` + combining accent
 * name one serial (API.md "Conventions"). Whether the result is a valid serial is
 * SERIAL_NUMBER_PATTERN's question.
 */
export function normalizeSerialNumber(raw: string): string {
  return raw.trim().normalize('NFC');
}
