import type { WebhookStore } from './webhook-store.port';

/** `MongoWebhookStore.connect`, loading the driver only when called (as connectMongoReadStore does). */
export async function connectMongoWebhookStore(uri: string, database: string): Promise<WebhookStore> {
  const { MongoWebhookStore } = await import('./mongo-webhook-store');
  return MongoWebhookStore.connect(uri, database);
}
