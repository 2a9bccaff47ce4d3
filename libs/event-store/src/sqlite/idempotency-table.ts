import type Database from 'better-sqlite3';
import { IdempotencyClaimLostError, type IdempotencyRecord } from '../event-store.port';

/**
 * The keys of API.md's `Idempotency-Key`. In events.sqlite (DESIGN.md "Idempotency records"), so that
 * a command's outcome is committed with its events; `committed` is a key whose command appended and
 * whose answer is not recorded yet. Rows are claimed, renewed and answered by the api's idempotency
 * store; only the append's step lives here.
 */
const KEYS_TABLE = `
  CREATE TABLE IF NOT EXISTS idempotency_keys (
    user_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('in_flight', 'committed', 'done')),
    claim_token TEXT,
    lease_expires_at INTEGER,
    status INTEGER,
    content_type TEXT,
    response_body TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    response_gzip BLOB,
    position TEXT,
    outcome BLOB,
    PRIMARY KEY (user_id, scope, idempotency_key)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);
  CREATE INDEX IF NOT EXISTS idempotency_keys_user_expiry ON idempotency_keys (user_id, expires_at);
`;

/** How many keys each user holds (live or expired but not purged yet), kept with every insert and delete. */
const USERS_TABLE = `
  CREATE TABLE idempotency_users (user_id TEXT PRIMARY KEY, keys INTEGER NOT NULL) STRICT;
  INSERT INTO idempotency_users SELECT user_id, count(*) FROM idempotency_keys GROUP BY user_id;
`;

/** Columns added since the first files (a separate idempotency.sqlite) were written. */
const ADDED_COLUMNS = [
  ['response_gzip', 'BLOB'],
  ['position', 'TEXT'],
  ['outcome', 'BLOB'],
] as const;

/** The tables, brought up to date in place (older files gain the columns and the per-user counts). */
export function migrateIdempotencySchema(db: Database.Database): void {
  db.exec(KEYS_TABLE);
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(idempotency_keys)').all();
  for (const [name, type] of ADDED_COLUMNS) {
    if (!columns.some((column) => column.name === name)) {
      db.exec(`ALTER TABLE idempotency_keys ADD COLUMN ${name} ${type}`);
    }
  }
  const users = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'idempotency_users'");
  if (users.get() === undefined) db.transaction(() => db.exec(USERS_TABLE)).immediate();
}

/** Marks a claim's key committed at the append's position; throws IdempotencyClaimLostError if the claim is gone. */
export type IdempotencyCommit = (record: IdempotencyRecord, position: bigint) => void;

/** The append's step: inside its transaction, after its events, so a crash keeps both or neither. */
export function prepareIdempotencyCommit(db: Database.Database): IdempotencyCommit {
  const commit = db.prepare(
    `UPDATE idempotency_keys SET state = 'committed', position = @position, outcome = @outcome
     WHERE user_id = @userId AND scope = @scope AND idempotency_key = @key
       AND state = 'in_flight' AND claim_token = @token`,
  );
  return (record: IdempotencyRecord, position: bigint): void => {
    const { userId, scope, key, token } = record;
    const outcome = Buffer.from(record.outcome.buffer, record.outcome.byteOffset, record.outcome.byteLength);
    const params = { userId, scope, key, token, outcome, position: position.toString() };
    if (commit.run(params).changes === 0) throw new IdempotencyClaimLostError(key);
  };
}
