import { DigitalLink, type DigitalLinkInstance } from 'digital-link.js';
import { parseBarcode, type ParsedElement } from 'gs1-barcode-parser-mod';
import { isValid as hasValidCheckDigit } from 'gtin';
import { normalizeSerialNumber, SERIAL_NUMBER_PATTERN } from '@serial/domain';

/** What a scan names (API.md `POST /v1/scan`); absent fields were not in the code. */
export interface ScanResult {
  serialNumber: string;
  /** Always the 14-digit form. */
  gtin?: string;
  lot?: string;
  /** YYYY-MM-DD; a GS1 day of 00 is the last day of the month. */
  expiry?: string;
}

export type InvalidScanReason =
  | 'GTIN_CHECK_DIGIT'
  | 'MALFORMED_GS1'
  | 'MALFORMED_DIGITAL_LINK'
  | 'NO_SERIAL_NUMBER'
  | 'SERIAL_NUMBER_SHAPE';

/** The code cannot give a serial; the caller answers 400 VALIDATION_FAILED. Branch on `reason`. */
export class InvalidScanError extends Error {
  constructor(
    readonly reason: InvalidScanReason,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidScanError';
  }
}

const GROUP_SEPARATOR = '\u001d';
/** AIM identifiers of the GS1 symbologies the parser knows: GS1-128, DataBar, Composite, DataMatrix, QR. */
const GS1_SYMBOLOGY_ID = /^\](C1|e[0-2]|d2|Q3)/;
const BRACKETED_AI = /^\(\d{2,4}\)/;
/** An unmarked element string nearly always starts with the GTIN; a serial that does is not plausible. */
const LEADING_GTIN_ELEMENT = /^01\d{14}/;
/** Some scanners send FNC1 in first position as a GS, which the parser does not expect. */
// eslint-disable-next-line no-control-regex -- matching GS (FNC1) is the point
const LEADING_SEPARATORS = /^(\][A-Za-z]\d)?\u001d+/;
const WEB_URL = /^https?:\/\//i;

/**
 * Reads a scanned code: a GS1 Digital Link URL, a GS1 element string (GS1-128, DataMatrix, QR,
 * with or without symbology identifier and group separators, or the bracketed human-readable
 * form), or else a plain code, which is the serial itself. Only AIs 01, 10, 17 and 21 are read;
 * other AIs are parsed (so malformed ones are refused) and ignored.
 *
 * A plain code containing a GS cannot be a serial (no control characters), so a GS marks GS1.
 */
export function parseScan(code: string): ScanResult {
  const trimmed = code.trim();
  if (WEB_URL.test(trimmed)) return parseDigitalLink(trimmed);
  if (
    GS1_SYMBOLOGY_ID.test(trimmed) ||
    trimmed.includes(GROUP_SEPARATOR) ||
    BRACKETED_AI.test(trimmed) ||
    LEADING_GTIN_ELEMENT.test(trimmed)
  ) {
    return fromElements(parseElementString(trimmed, 'MALFORMED_GS1'), 'MALFORMED_GS1');
  }
  return { serialNumber: serialNumberOf(trimmed) };
}

function parseElementString(elementString: string, reason: InvalidScanReason): ParsedElement[] {
  try {
    return parseBarcode(elementString.replace(LEADING_SEPARATORS, '$1')).parsedCodeItems;
  } catch (problem) {
    // The parser throws strings such as "invalid AI after '2'".
    throw new InvalidScanError(reason, `cannot read the GS1 data: ${String(problem)}`);
  }
}

/**
 * Digital Link is another syntax for the same element string (GS1 Digital Link standard, section
 * 4), so the URL's AIs are written out as one and read by the element-string parser: dates and
 * lengths then get the very same checks whichever way the code was printed.
 */
function parseDigitalLink(url: string): ScanResult {
  const link = openDigitalLink(url);
  const identifier = link.getIdentifier()['01'];
  if (identifier === undefined) {
    throw new InvalidScanError(
      'MALFORMED_DIGITAL_LINK',
      'only Digital Links of a GTIN (/01/) can be scanned',
    );
  }
  const gtin = /^(\d{8}|\d{12,14})$/.test(identifier) ? identifier.padStart(14, '0') : identifier;
  assertGtin(gtin, 'MALFORMED_DIGITAL_LINK');
  if (!link.isValid()) {
    throw new InvalidScanError('MALFORMED_DIGITAL_LINK', 'not a valid GS1 Digital Link URL');
  }
  const qualifiers = link.getKeyQualifiers();
  const pairs: [string, string | undefined][] = [
    ['01', gtin],
    ['10', qualifiers['10']],
    ['17', link.getAttributes()['17']],
    ['21', qualifiers['21']],
  ];
  const elementString = pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([ai, value]) => `${ai}${decodeUrlValue(value)}${GROUP_SEPARATOR}`)
    .join('');
  return fromElements(parseElementString(elementString, 'MALFORMED_DIGITAL_LINK'), 'MALFORMED_DIGITAL_LINK');
}

function openDigitalLink(url: string): DigitalLinkInstance {
  try {
    // QR codes often carry the URL in upper case (it encodes smaller); the library wants "http".
    return DigitalLink(url.replace(WEB_URL, (scheme) => scheme.toLowerCase()));
  } catch {
    throw new InvalidScanError('MALFORMED_DIGITAL_LINK', 'not a GS1 Digital Link URL');
  }
}

function decodeUrlValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new InvalidScanError('MALFORMED_DIGITAL_LINK', 'the URL has a malformed percent-encoding');
  }
}

function fromElements(elements: readonly ParsedElement[], malformed: InvalidScanReason): ScanResult {
  const find = (ai: string) => elements.find((element) => element.ai === ai);
  const gtin = find('01')?.raw;
  if (gtin !== undefined) assertGtin(gtin, malformed);
  const serial = find('21');
  if (serial === undefined) {
    throw new InvalidScanError(
      'NO_SERIAL_NUMBER',
      'the GS1 code carries no serial number (AI 21); scan the code that holds the serial',
    );
  }
  const lot = find('10')?.raw;
  const expiry = find('17');
  return {
    serialNumber: serialNumberOf(serial.raw),
    ...(gtin !== undefined && { gtin }),
    ...(lot !== undefined && { lot }),
    ...(expiry !== undefined && { expiry: isoDateOf(expiry, malformed) }),
  };
}

function assertGtin(gtin: string, malformed: InvalidScanReason): void {
  if (!/^\d{14}$/.test(gtin)) throw new InvalidScanError(malformed, `${gtin} is not a GTIN`);
  if (!hasValidCheckDigit(gtin)) {
    throw new InvalidScanError('GTIN_CHECK_DIGIT', `GTIN ${gtin} has a wrong check digit`);
  }
}

/**
 * The parser lets a month or day out of range roll over (261332 becomes 2027-02-01), so the date
 * it read must still show the month and day the code holds (a day of 00 is the month's last day).
 */
function isoDateOf(element: ParsedElement, malformed: InvalidScanReason): string {
  const [, month, day] = /^\d{2}(\d{2})(\d{2})$/.exec(element.raw) ?? [];
  const iso = element.isoDate;
  if (month === undefined || iso.slice(5, 7) !== month || (day !== '00' && iso.slice(8, 10) !== day)) {
    throw new InvalidScanError(malformed, `expiry (AI 17) ${element.raw} is not a date YYMMDD`);
  }
  return iso;
}

/** The same shape rule as every serial the API takes (API.md "Conventions"). */
function serialNumberOf(value: string): string {
  const serialNumber = normalizeSerialNumber(value);
  if (!SERIAL_NUMBER_PATTERN.test(serialNumber)) {
    throw new InvalidScanError('SERIAL_NUMBER_SHAPE', 'the serial number must be 1-128 printable characters');
  }
  return serialNumber;
}
