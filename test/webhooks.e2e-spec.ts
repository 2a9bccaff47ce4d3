import { eventually } from './support/feed-clients';
import { newSecret, startReceiver } from './support/webhook-receiver';
import { LAPTOP, serials, startTestApp, type TestApp } from './support/test-app';

/** Webhooks through HTTP, delivered by the inline projector to receivers on 127.0.0.1. */
describe('webhooks (e2e)', () => {
  let t: TestApp;
  const admin = () => t.as(['admin']);
  const receive = (prefix: string, count: number) =>
    t
      .as(['operator'])
      .post('/v1/serials/receive', {
        productId: 'LAPTOP',
        serialNumbers: serials(prefix, count),
        toLocationId: 'WH/Stock',
      })
      .expect(200);
  const eventPositions = async (after: string) =>
    (
      await t
        .as(['auditor'])
        .get(`/v1/audit/events?fromPosition=${BigInt(after) + 1n}&limit=1000`)
        .expect(200)
    ).body.items
      .filter((event: { streamId: string }) => !event.streamId.startsWith('webhook-'))
      .map((event: { position: string }) => event.position);

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' }, undefined, {
      webhooks: { delivery: { maxEvents: 10, retry: { initialMs: 20, maxMs: 80 } } },
    });
    await admin().post('/v1/products', LAPTOP).expect(201);
  });
  afterAll(() => t.close());

  it('validates a webhook, refuses a second one with its id, and never shows the secret', async () => {
    const bad = await admin()
      .post('/v1/webhooks', {
        id: 'bad',
        url: 'ftp://x',
        secret: 'whsec_c2hvcnQ=',
        types: ['Nope'],
        fromPosition: 'x',
      })
      .expect(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'fromPosition',
      'secret',
      'types',
      'url',
    ]);
    const secret = newSecret();
    const body = { id: 'erp', url: 'https://erp.example.com/hooks', secret, types: ['SerialDelivered'] };
    const created = await admin().post('/v1/webhooks', body).expect(201);
    expect(created.body).toEqual({
      id: 'erp',
      url: 'https://erp.example.com/hooks',
      types: ['SerialDelivered'],
      productIds: [],
      status: 'active',
      deliveredPosition: null,
      lastError: null,
      lastAttemptAt: null,
      createdAt: expect.any(String),
    });
    expect((await admin().post('/v1/webhooks', body).expect(409)).body.code).toBe('WEBHOOK_ALREADY_EXISTS');
    const events = await t.as(['auditor']).get('/v1/audit/events?limit=1000').expect(200);
    expect(JSON.stringify(events.body)).not.toContain(secret.slice(6));
    await admin().delete('/v1/webhooks/erp').expect(204);
    await admin().get('/v1/webhooks/erp').expect(404);
    await admin().delete('/v1/webhooks/erp').expect(404);
    await t.as(['operator']).get('/v1/webhooks').expect(403);
  });

  it('refuses a URL pointing at an internal address the operator did not allow', async () => {
    const secret = newSecret();
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.1/hook',
      'http://[::1]/hook',
    ]) {
      const refused = await admin().post('/v1/webhooks', { id: 'inside', url, secret }).expect(400);
      expect(refused.body.errors[0]).toEqual({
        field: 'url',
        message: expect.stringContaining('internal address'),
      });
    }
  });

  it('delivers every event in order, signed, through a receiver failing for a while', async () => {
    const secret = newSecret();
    const receiver = await startReceiver(secret);
    let calls = 0;
    receiver.answer(() => (++calls <= 6 || calls % 7 === 0 ? 503 : 200));
    try {
      const start = await receive('WH-BEFORE', 2);
      await admin()
        .post('/v1/webhooks', { id: 'wms', url: receiver.url, secret, fromPosition: start.body.position })
        .expect(201);
      const last = await receive('WH-A', 25);
      await eventually(() => calls >= 4, 'the first failures');
      const failing = await admin().get('/v1/webhooks/wms').expect(200);
      expect(failing.body).toMatchObject({
        status: 'failing',
        lastError: expect.stringContaining('HTTP 503'),
      });
      await eventually(() => receiver.positions().at(-1) === last.body.position, 'every event', 20_000);
      const expected = await eventPositions(start.body.position);
      expect([...new Set(receiver.positions())]).toEqual(expected);
      expect(receiver.forged).toEqual([]);
      // A delivery keeps its webhook-id through its retries; different deliveries have different ids.
      const ids = receiver.accepted.map((delivery) => delivery.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(receiver.refused.some((id) => ids.includes(id))).toBe(true);
      expect(receiver.accepted.every((delivery) => delivery.body.webhookId === 'wms')).toBe(true);
      expect(receiver.accepted.every((delivery) => delivery.body.events.length <= 10)).toBe(true);
      const healthy = await admin().get('/v1/webhooks/wms').expect(200);
      expect(healthy.body).toMatchObject({
        status: 'active',
        lastError: null,
        deliveredPosition: last.body.position,
      });
      const listed = await admin().get('/v1/webhooks').expect(200);
      expect(listed.body.items.map((webhook: { id: string }) => webhook.id)).toEqual(['wms']);
    } finally {
      await admin().delete('/v1/webhooks/wms');
      await receiver.close();
    }
  });

  it('pauses, resumes, and redelivers from a position', async () => {
    const secret = newSecret();
    const receiver = await startReceiver(secret);
    try {
      await admin()
        .post('/v1/webhooks', { id: 'ops', url: receiver.url, secret, types: ['SerialReceived'] })
        .expect(201);
      const first = await receive('OPS-A', 2);
      await eventually(() => receiver.positions().at(-1) === first.body.position, 'the first events');
      expect((await admin().post('/v1/webhooks/ops/pause').expect(200)).body.status).toBe('paused');
      const held = await receive('OPS-B', 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.positions()).not.toContain(held.body.position);
      expect((await admin().post('/v1/webhooks/ops/resume').expect(200)).body.status).toBe('active');
      await eventually(() => receiver.positions().at(-1) === held.body.position, 'the held events');
      const before = receiver.positions().length;
      await admin().post('/v1/webhooks/ops/redeliver', { fromPosition: first.body.position }).expect(200);
      await eventually(() => receiver.positions().length === before + 2, 'the redelivery');
      expect(receiver.positions().slice(before)).toEqual(await eventPositions(first.body.position));
      await admin().post('/v1/webhooks/ops/redeliver', {}).expect(400);
      await admin().post('/v1/webhooks/none/pause').expect(404);
    } finally {
      await admin().delete('/v1/webhooks/ops');
      await receiver.close();
    }
  });
});
