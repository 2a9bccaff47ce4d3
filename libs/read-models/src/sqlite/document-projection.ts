import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@serial/event-store';
import { ProjectionFailedError, type ProjectionName } from '../projection-store.port';

/** One projection's share of a batch, run inside the batch's transaction. */
export interface TableProjection {
  readonly name: ProjectionName;
  /** 'all': every event, whatever its type (the ledger). */
  readonly eventTypes: ReadonlySet<string> | 'all';
  /** Only the events of its types that it has not applied yet, in position order. */
  apply(events: readonly RecordedEvent[]): void;
}

/** A table of one document per key, written by folding a pure `evolve` over the batch. */
export interface DocumentTable<Document extends { position: string }, Row> {
  readonly name: ProjectionName;
  readonly eventTypes: readonly string[];
  /** The document's key as JSON text, the same for the event and for the document it changes. */
  keyOfEvent(event: RecordedEvent): string;
  keyOfDocument(document: Document): string;
  /** Reads the rows of a JSON array of keys in one query (the keys arrive as `json_each(?)`). */
  readonly loadSql: string;
  /** Rows as arrays of the selected columns rather than objects. */
  readonly rawRows?: boolean;
  fromRow(row: Row): Document;
  evolve(document: Document | null, event: RecordedEvent): Document | null;
  readonly upsertSql: string;
  params(document: Document): unknown[];
  /** Keeps what derives from a document in step (an index table), given it as stored before and after. */
  written?(before: Document | null, after: Document): void;
}

/**
 * Loads every document the batch touches in one query, folds the batch in memory and writes each
 * changed document once, however many of the batch's events it took.
 */
export function documentProjection<Document extends { position: string }, Row>(
  db: Database.Database,
  table: DocumentTable<Document, Row>,
): TableProjection {
  const load = db.prepare<[string], Row>(table.loadSql).raw(table.rawRows ?? false);
  const upsert = db.prepare(table.upsertSql);
  return {
    name: table.name,
    eventTypes: new Set(table.eventTypes),
    apply(events) {
      const keys = events.map((event) => table.keyOfEvent(event));
      const documents = new Map<string, Document>();
      const keyList = `[${[...new Set(keys)].join(',')}]`;
      for (const row of failingAt(table.name, events[0].position, () => load.all(keyList))) {
        const document = table.fromRow(row);
        documents.set(table.keyOfDocument(document), document);
      }
      const stored = table.written ? new Map(documents) : documents;
      const changed = new Set<string>();
      events.forEach((event, index) => {
        const key = keys[index];
        const before = documents.get(key) ?? null;
        const after = failingAt(table.name, event.position, () => table.evolve(before, event));
        if (after !== null && after !== before) {
          documents.set(key, after);
          changed.add(key);
        }
      });
      for (const key of changed) {
        const document = documents.get(key) as Document;
        failingAt(table.name, BigInt(document.position), () => {
          upsert.run(table.params(document));
          table.written?.(stored.get(key) ?? null, document);
        });
      }
    },
  };
}

/** Names the event that broke a projection, so the projector can report where it is stuck. */
export function failingAt<T>(projection: ProjectionName, position: bigint, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new ProjectionFailedError(projection, position, error);
  }
}
