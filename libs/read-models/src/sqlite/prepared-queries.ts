import type Database from 'better-sqlite3';
import { InvalidCursorError, type Page, type PageRequest } from '../read-store.port';
import type { SerialValues } from './serial-rows';

/** Statements of one generation's database, prepared once per SQL text (one per filter shape). */
export abstract class PreparedQueries {
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();

  constructor(protected readonly db: Database.Database) {}

  protected serialStatement(sql: string): Database.Statement<unknown[], SerialValues> {
    return this.statement<SerialValues>(sql, true);
  }

  protected statement<Row>(sql: string, raw = false): Database.Statement<unknown[], Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], unknown>(sql).raw(raw);
      this.statements.set(sql, statement);
    }
    return statement as Database.Statement<unknown[], Row>;
  }
}

export function pageSizePlusOne(page: PageRequest): number {
  if (!Number.isInteger(page.limit) || page.limit < 1)
    throw new RangeError(`Limit ${page.limit} is not a page size`);
  return page.limit + 1;
}

/** One row more than asked for tells whether another page follows without counting. */
export function toPage<T>(items: T[], page: PageRequest, cursorOf: (last: T) => string): Page<T> {
  if (items.length <= page.limit) return { items, nextCursor: null };
  const shown = items.slice(0, page.limit);
  return { items: shown, nextCursor: cursorOf(shown[shown.length - 1]) };
}

/** A warranty cursor's end, in milliseconds; anything else is not a cursor this store issued. */
export function endOfCursor(text: string): number {
  if (!/^-?\d{1,16}$/.test(text)) throw new InvalidCursorError();
  return Number(text);
}
