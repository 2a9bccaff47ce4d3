import type Database from 'better-sqlite3';
import { guardSqlite, openSqliteDatabase, sqliteStoreClosed, type RecordedEvent } from '@serial/event-store';
import { decodeCursor, encodeCursor } from '../sqlite/cursor';
import type { Page, PageRequest } from '../read-store.port';
import { evolveWebhookRecord, isWebhookDefinitionEvent } from './webhook-record';
import type { DeliveryProgress, WebhookRecord, WebhookStore } from './webhook-store.port';

const STORE = 'webhook store';
const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhooks (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  sealed_secret TEXT NOT NULL,
  types TEXT NOT NULL,
  product_ids TEXT NOT NULL,
  paused INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  cursor INTEGER NOT NULL,
  delivered_position INTEGER,
  failures INTEGER NOT NULL,
  last_error TEXT,
  last_attempt_at TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS webhook_registry (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
) STRICT;`;

interface WebhookRow {
  id: string;
  url: string;
  sealed_secret: string;
  types: string;
  product_ids: string;
  paused: bigint;
  created_at: string;
  epoch: bigint;
  cursor: bigint;
  delivered_position: bigint | null;
  failures: bigint;
  last_error: string | null;
  last_attempt_at: string | null;
}

/**
 * The embedded webhook store: its own file beside the read models (`${DATA_DIR}/webhooks.sqlite`), so a
 * rebuild of the read models never touches delivery checkpoints. NORMAL sync: a power cut may lose the
 * last progress, and the batches after it are delivered again (at least once, as API.md says).
 */
export class SqliteWebhookStore implements WebhookStore {
  private readonly applyTransaction: Database.Transaction<(events: readonly RecordedEvent[]) => void>;

  private constructor(private readonly db: Database.Database) {
    this.applyTransaction = db.transaction((events) => this.applyNow(events));
  }

  static open(file: string): SqliteWebhookStore {
    return new SqliteWebhookStore(
      openSqliteDatabase(file, { synchronous: 'NORMAL', schema: [SCHEMA], safeIntegers: true }),
    );
  }

  async registryCheckpoint(): Promise<bigint> {
    return this.guard(() => this.checkpointNow());
  }

  async applyDefinitions(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.guard(() => this.applyTransaction.immediate(events));
  }

  async getWebhook(id: string): Promise<WebhookRecord | null> {
    return this.guard(() => this.getNow(id));
  }

  async listWebhooks({ limit, cursor }: PageRequest): Promise<Page<WebhookRecord>> {
    const after = cursor === undefined ? '' : decodeCursor('webhooks', cursor, 1)[0];
    const rows = this.guard(() =>
      this.db
        .prepare<[string, number], WebhookRow>('SELECT * FROM webhooks WHERE id > ? ORDER BY id LIMIT ?')
        .all(after, limit + 1),
    );
    const items = rows.slice(0, limit).map(fromRow);
    const more = rows.length > limit;
    return { items, nextCursor: more ? encodeCursor('webhooks', [items[items.length - 1].id]) : null };
  }

  async allWebhooks(): Promise<WebhookRecord[]> {
    return this.guard(() =>
      this.db.prepare<[], WebhookRow>('SELECT * FROM webhooks ORDER BY id').all().map(fromRow),
    );
  }

  async recordProgress(id: string, epoch: bigint, progress: DeliveryProgress): Promise<boolean> {
    const result = this.guard(() =>
      this.db
        .prepare(
          `UPDATE webhooks SET cursor = ?, delivered_position = ?, failures = ?, last_error = ?, last_attempt_at = ?
           WHERE id = ? AND epoch = ?`,
        )
        .run(
          progress.cursor,
          progress.deliveredPosition,
          progress.failures,
          progress.lastError,
          progress.lastAttemptAt,
          id,
          epoch,
        ),
    );
    return result.changes > 0;
  }

  async ping(): Promise<void> {
    this.guard(() => this.db.prepare('SELECT 1').get());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private applyNow(events: readonly RecordedEvent[]): void {
    const checkpoint = this.checkpointNow();
    for (const event of events) {
      if (event.position <= checkpoint || !isWebhookDefinitionEvent(event)) continue;
      const id = String(event.data.webhookId);
      const after = evolveWebhookRecord(this.getNow(id), event);
      if (after === null) this.db.prepare('DELETE FROM webhooks WHERE id = ?').run(id);
      else this.upsert(after);
    }
    const last = events[events.length - 1].position;
    if (last > checkpoint) {
      this.db
        .prepare(
          'INSERT INTO webhook_registry (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
        )
        .run(last);
    }
  }

  private upsert(record: WebhookRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO webhooks (id, url, sealed_secret, types, product_ids, paused, created_at, epoch,
           cursor, delivered_position, failures, last_error, last_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.id,
        record.url,
        record.sealedSecret,
        JSON.stringify(record.types),
        JSON.stringify(record.productIds),
        record.paused ? 1 : 0,
        record.createdAt,
        record.epoch,
        record.cursor,
        record.deliveredPosition,
        record.failures,
        record.lastError,
        record.lastAttemptAt,
      );
  }

  private getNow(id: string): WebhookRecord | null {
    const row = this.db.prepare<[string], WebhookRow>('SELECT * FROM webhooks WHERE id = ?').get(id);
    return row ? fromRow(row) : null;
  }

  private checkpointNow(): bigint {
    const row = this.db
      .prepare<[], { position: bigint }>('SELECT position FROM webhook_registry WHERE id = 1')
      .get();
    return row?.position ?? 0n;
  }

  private guard<T>(action: () => T): T {
    if (!this.db.open) throw sqliteStoreClosed(STORE);
    return guardSqlite(STORE, action);
  }
}

function fromRow(row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    url: row.url,
    sealedSecret: row.sealed_secret,
    types: JSON.parse(row.types) as string[],
    productIds: JSON.parse(row.product_ids) as string[],
    paused: row.paused === 1n,
    createdAt: row.created_at,
    epoch: row.epoch,
    cursor: row.cursor,
    deliveredPosition: row.delivered_position,
    failures: Number(row.failures),
    lastError: row.last_error,
    lastAttemptAt: row.last_attempt_at,
  };
}
