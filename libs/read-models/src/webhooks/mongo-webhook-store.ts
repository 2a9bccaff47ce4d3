import { MongoClient, type Collection, type Db } from 'mongodb';
import { StoreUnavailableError, type RecordedEvent } from '@serial/event-store';
import { decodeCursor, encodeCursor } from '../sqlite/cursor';
import { clientOptions, DEFAULT_CONNECT_TIMEOUT_MS } from '../mongodb/deployment';
import { connectError, invalidUriError, toStoreError } from '../mongodb/mongo-errors';
import type { Page, PageRequest } from '../read-store.port';
import { evolveWebhookRecord, isWebhookDefinitionEvent } from './webhook-record';
import type { DeliveryProgress, WebhookRecord, WebhookStore } from './webhook-store.port';

const REGISTRY_ID = 'webhooks';

type WebhookDocument = Omit<WebhookRecord, 'id' | 'types' | 'productIds'> & {
  _id: string;
  types: string[];
  productIds: string[];
};

/**
 * The webhook store in the read models' MongoDB database (collections `webhooks` and
 * `webhook_registry`), on its own client so that it opens and closes with the deliveries. Definition
 * events are applied in order and the checkpoint written after them: a crash in between applies the
 * same events again and ends in the same state (a batch in flight may be delivered again).
 */
export class MongoWebhookStore implements WebhookStore {
  private closed = false;
  private readonly webhooks: Collection<WebhookDocument>;
  private readonly registry: Collection<{ _id: string; position: bigint }>;

  private constructor(
    private readonly client: MongoClient,
    db: Db,
  ) {
    this.webhooks = db.collection<WebhookDocument>('webhooks');
    this.registry = db.collection('webhook_registry');
  }

  static async connect(uri: string, database: string): Promise<MongoWebhookStore> {
    let client: MongoClient;
    try {
      client = new MongoClient(uri, clientOptions(DEFAULT_CONNECT_TIMEOUT_MS));
    } catch (error) {
      throw invalidUriError(error);
    }
    try {
      await client.connect();
      return new MongoWebhookStore(client, client.db(database));
    } catch (error) {
      await client.close().catch(() => undefined);
      throw connectError(error, DEFAULT_CONNECT_TIMEOUT_MS);
    }
  }

  registryCheckpoint(): Promise<bigint> {
    return this.guard(async () => (await this.registry.findOne({ _id: REGISTRY_ID }))?.position ?? 0n);
  }

  applyDefinitions(events: readonly RecordedEvent[]): Promise<void> {
    return this.guard(async () => {
      if (events.length === 0) return;
      const checkpoint = (await this.registry.findOne({ _id: REGISTRY_ID }))?.position ?? 0n;
      for (const event of events) {
        if (event.position <= checkpoint || !isWebhookDefinitionEvent(event)) continue;
        const id = String(event.data.webhookId);
        const after = evolveWebhookRecord(await this.find(id), event);
        if (after === null) await this.webhooks.deleteOne({ _id: { $eq: id } });
        else await this.webhooks.replaceOne({ _id: { $eq: id } }, toDocument(after), { upsert: true });
      }
      const last = events[events.length - 1].position;
      await this.registry
        .updateOne(
          { _id: REGISTRY_ID, $or: [{ position: { $lt: last } }, { position: { $exists: false } }] },
          { $set: { position: last } },
          { upsert: true },
        )
        .catch((error: unknown) => {
          // The upsert races only with itself: a greater checkpoint already stored wins.
          if ((error as { code?: number }).code !== 11000) throw error;
        });
    });
  }

  getWebhook(id: string): Promise<WebhookRecord | null> {
    return this.guard(() => this.find(id));
  }

  listWebhooks({ limit, cursor }: PageRequest): Promise<Page<WebhookRecord>> {
    return this.guard(async () => {
      const after = cursor === undefined ? '' : decodeCursor('webhooks', cursor, 1)[0];
      const documents = await this.webhooks
        .find({ _id: { $gt: after } })
        .sort({ _id: 1 })
        .limit(limit + 1)
        .toArray();
      const items = documents.slice(0, limit).map(fromDocument);
      const more = documents.length > limit;
      return { items, nextCursor: more ? encodeCursor('webhooks', [items[items.length - 1].id]) : null };
    });
  }

  allWebhooks(): Promise<WebhookRecord[]> {
    return this.guard(async () => (await this.webhooks.find().sort({ _id: 1 }).toArray()).map(fromDocument));
  }

  recordProgress(id: string, epoch: bigint, progress: DeliveryProgress): Promise<boolean> {
    return this.guard(async () => {
      const result = await this.webhooks.updateOne(
        { _id: { $eq: id }, epoch: { $eq: epoch } },
        { $set: progress },
      );
      return result.matchedCount > 0;
    });
  }

  ping(): Promise<void> {
    return this.guard(async () => {
      await this.client.db('admin').command({ ping: 1 });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.close();
  }

  private async find(id: string): Promise<WebhookRecord | null> {
    const document = await this.webhooks.findOne({ _id: { $eq: id } });
    return document ? fromDocument(document) : null;
  }

  private async guard<T>(action: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreUnavailableError('The MongoDB webhook store is closed');
    try {
      return await action();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

function toDocument(record: WebhookRecord): WebhookDocument {
  const { id, ...rest } = record;
  return { _id: id, ...rest, types: [...rest.types], productIds: [...rest.productIds] };
}

function fromDocument(document: WebhookDocument): WebhookRecord {
  const { _id, ...rest } = document;
  return { id: _id, ...rest };
}
