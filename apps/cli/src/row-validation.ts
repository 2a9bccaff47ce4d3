import { ENTITY_ID_PATTERN, normalizeSerialNumber, SERIAL_NUMBER_PATTERN } from '@serial/domain';
import type { CsvRow } from './csv-rows';

export type ImportMode = 'register' | 'receive';
export const IMPORT_MODES: readonly ImportMode[] = ['register', 'receive'];

export const MAX_REFERENCE_LENGTH = 128;

/** A row the service refused, or that the CLI refused on its behalf; `code` is one of API.md's. */
export interface Rejection {
  readonly code: string;
  readonly message: string;
}

/** A row that passed the local checks: what one serial of a command needs. */
export interface ImportRow {
  readonly row: CsvRow;
  readonly productId: string;
  readonly serialNumber: string;
  /** Receive only: the internal destination. */
  readonly locationId?: string;
  readonly reference?: string;
}

const ID_RULE = 'must be 1-64 characters from A-Z a-z 0-9 . _ : / -';

/** The row's fields against the API's shapes, every problem at once; the row as sent when none. */
export function validateRow(row: CsvRow, mode: ImportMode): ImportRow | Rejection {
  const { product, location, reference } = row.fields;
  // As the API reads it, so that two spellings of one serial are one serial in the file too.
  const serial = normalizeSerialNumber(row.fields.serial);
  const problems: string[] = [];
  if (!ENTITY_ID_PATTERN.test(product))
    problems.push(product === '' ? 'product is empty' : `product ${ID_RULE}`);
  if (!SERIAL_NUMBER_PATTERN.test(serial)) {
    problems.push(serial === '' ? 'serial is empty' : 'serial must be 1-128 printable characters');
  }
  if (mode === 'receive' && !ENTITY_ID_PATTERN.test(location)) {
    problems.push(
      location === '' ? 'location is empty: receive needs the internal destination' : `location ${ID_RULE}`,
    );
  }
  // Register creates serials that are not on hand anywhere: a location there would be silently dropped.
  if (mode === 'register' && location !== '') {
    problems.push('register puts serials nowhere: leave location empty, or import with --mode receive');
  }
  if ([...reference].length > MAX_REFERENCE_LENGTH) {
    problems.push(`reference is longer than ${MAX_REFERENCE_LENGTH} characters`);
  }
  if (problems.length > 0) return { code: 'VALIDATION_FAILED', message: problems.join('; ') };
  return {
    row,
    productId: product,
    serialNumber: serial,
    ...(mode === 'receive' ? { locationId: location } : {}),
    ...(reference === '' ? {} : { reference }),
  };
}

export function isRejection(result: ImportRow | Rejection): result is Rejection {
  return 'code' in result;
}

/**
 * The same serial of a product twice in the file: the first valid row is imported, the later ones
 * are refused as the API would refuse them in one request.
 */
export class DuplicateFilter {
  private readonly firstLines = new Map<string, number>();

  check(row: ImportRow): Rejection | undefined {
    // NUL never occurs in a product id, so the pair cannot collide.
    const key = `${row.productId}\u0000${row.serialNumber}`;
    const first = this.firstLines.get(key);
    if (first === undefined) {
      this.firstLines.set(key, row.row.line);
      return undefined;
    }
    return { code: 'DUPLICATE_IN_REQUEST', message: `serial ${row.serialNumber} already on line ${first}` };
  }
}
