import { webhookStreamId, type WebhookEvent } from '@serial/domain';
import { EventLog, T0 } from './event-log';
import { webhookStatus, type WebhookStore } from '../webhooks/webhook-store.port';
import { InvalidCursorError } from '../read-store.port';

export interface WebhookStoreFixture {
  readonly store: WebhookStore;
  teardown(): Promise<void>;
}

const created = (webhookId: string, fromPosition = '0'): WebhookEvent => ({
  type: 'WebhookCreated',
  data: {
    webhookId,
    url: `https://erp.example.com/${webhookId}`,
    sealedSecret: `sealed-${webhookId}`,
    types: ['SerialDelivered'],
    productIds: ['LAPTOP'],
    fromPosition,
  },
});

/** What every webhook store adapter must do, through the port only; a fresh store per test. */
export function describeWebhookStoreContract(
  name: string,
  factory: () => Promise<WebhookStoreFixture>,
): void {
  describe(`${name} (WebhookStore contract)`, () => {
    let fixture: WebhookStoreFixture;
    let store: WebhookStore;
    let log: EventLog;
    const webhook = (event: WebhookEvent) => log.append(webhookStreamId(event.data.webhookId), event);

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      log = new EventLog('admin');
    });
    afterEach(() => fixture.teardown());

    it('applies definition events, passes over the others, and moves the checkpoint', async () => {
      const other = log.append('product-LAPTOP', {
        type: 'ProductRegistered',
        data: { productId: 'LAPTOP' },
      });
      const events = [other, webhook(created('erp', '0'))];
      await store.applyDefinitions(events);
      expect(await store.registryCheckpoint()).toBe(2n);
      expect(await store.getWebhook('erp')).toEqual({
        id: 'erp',
        url: 'https://erp.example.com/erp',
        sealedSecret: 'sealed-erp',
        types: ['SerialDelivered'],
        productIds: ['LAPTOP'],
        paused: false,
        createdAt: new Date(T0 + 1000).toISOString(),
        epoch: 2n,
        cursor: 0n,
        deliveredPosition: null,
        failures: 0,
        lastError: null,
        lastAttemptAt: null,
      });
      // Applied again (a crash before the checkpoint): nothing changes.
      await store.applyDefinitions(events);
      expect((await store.allWebhooks()).map((record) => record.id)).toEqual(['erp']);
    });

    it('pauses, resumes, redelivers and deletes', async () => {
      await store.applyDefinitions([webhook(created('erp', '5'))]);
      await store.applyDefinitions([webhook({ type: 'WebhookPaused', data: { webhookId: 'erp' } })]);
      expect(webhookStatus((await store.getWebhook('erp'))!)).toBe('paused');
      await store.applyDefinitions([webhook({ type: 'WebhookResumed', data: { webhookId: 'erp' } })]);
      const redelivery = webhook({
        type: 'WebhookRedeliveryRequested',
        data: { webhookId: 'erp', fromPosition: '1' },
      });
      await store.applyDefinitions([redelivery]);
      expect(await store.getWebhook('erp')).toMatchObject({
        paused: false,
        epoch: redelivery.position,
        cursor: 1n,
      });
      await store.applyDefinitions([webhook({ type: 'WebhookDeleted', data: { webhookId: 'erp' } })]);
      expect(await store.getWebhook('erp')).toBeNull();
      expect(await store.registryCheckpoint()).toBe(log.head);
    });

    it('stores progress only under the epoch it was made in', async () => {
      await store.applyDefinitions([webhook(created('erp'))]);
      const { epoch } = (await store.getWebhook('erp'))!;
      const failed = {
        cursor: 0n,
        deliveredPosition: null,
        failures: 3,
        lastError: 'HTTP 500',
        lastAttemptAt: 'now',
      };
      expect(await store.recordProgress('erp', epoch, failed)).toBe(true);
      expect(webhookStatus((await store.getWebhook('erp'))!)).toBe('failing');
      const delivered = {
        cursor: 9n,
        deliveredPosition: 9n,
        failures: 0,
        lastError: null,
        lastAttemptAt: 'later',
      };
      expect(await store.recordProgress('erp', epoch + 1n, delivered)).toBe(false);
      expect(await store.recordProgress('other', epoch, delivered)).toBe(false);
      expect(await store.recordProgress('erp', epoch, delivered)).toBe(true);
      expect(await store.getWebhook('erp')).toMatchObject({ ...delivered, epoch });
    });

    it('lists by id, a page at a time', async () => {
      await store.applyDefinitions(['c', 'a', 'b'].map((id) => webhook(created(id))));
      const first = await store.listWebhooks({ limit: 2 });
      expect(first.items.map((record) => record.id)).toEqual(['a', 'b']);
      const second = await store.listWebhooks({ limit: 2, cursor: first.nextCursor! });
      expect(second).toEqual({ items: [expect.objectContaining({ id: 'c' })], nextCursor: null });
      await expect(store.listWebhooks({ limit: 2, cursor: 'bogus' })).rejects.toThrow(InvalidCursorError);
    });
  });
}
