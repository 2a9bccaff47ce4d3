/**
 * An upsert that only overwrites a row with a document of a greater position: the store's own guard,
 * so that even a write the in-memory fold did not filter cannot move a document back in time.
 */
export function guardedUpsertSql(table: string, columns: readonly string[], key: readonly string[]): string {
  const updates = columns.filter((column) => !key.includes(column)).map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}
    WHERE excluded.position > ${table}.position`;
}

export function insertOrIgnoreSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT DO NOTHING`;
}

/** Safe integers are on for the whole connection, so INTEGER columns arrive as bigint. */
export type SqlInteger = bigint;

export const integerOrNull = (value: SqlInteger | null): number | null =>
  value === null ? null : Number(value);
