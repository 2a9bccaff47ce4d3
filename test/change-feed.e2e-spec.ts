import * as http from 'node:http';
import { bearer, eventually, follow, listen, rawFeed, type FeedEvent } from './support/feed-clients';
import { LAPTOP, serials, startTestApp, type TestApp } from './support/test-app';

/**
 * GET /v1/feed through a real EventSource. The feed is started with a tiny queue bound and catch-up page,
 * so a burst of events disconnects a client (as a slow reader would be) and its catch-up crosses pages:
 * every test below also goes through the reconnect-with-Last-Event-ID seam.
 */
describe('change feed (e2e)', () => {
  let t: TestApp;
  let base: string;
  const receive = (prefix: string, count: number, productId = 'LAPTOP') =>
    t
      .as(['operator'])
      .post('/v1/serials/receive', {
        productId,
        serialNumbers: serials(prefix, count),
        toLocationId: 'WH/Stock',
      })
      .expect(200);
  const auditEvents = async (fromPosition: string) =>
    (await t.as(['auditor']).get(`/v1/audit/events?fromPosition=${fromPosition}&limit=1000`).expect(200)).body
      .items as FeedEvent['data'][];
  const positions = (events: readonly FeedEvent[]) => events.map((event) => event.data.position);

  beforeAll(async () => {
    t = await startTestApp({}, undefined, {
      feed: { keepAliveMs: 100, pageSize: 7, maxQueuedEvents: 12, maxPendingEvents: 20 },
    });
    base = await listen(t.app);
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    await t
      .as(['admin'])
      .post('/v1/products', { ...LAPTOP, id: 'DRILL', sku: 'DR-1' })
      .expect(201);
  });
  afterAll(() => t.close());

  it('answers 406 without Accept: text/event-stream, and 400 for a bad start or filter', async () => {
    const feed = (query = '', accept = 'text/event-stream') =>
      t.http().get(`/v1/feed${query}`).set('Authorization', bearer()).set('Accept', accept);
    const refused = await feed('', 'application/json').expect(406);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('NOT_ACCEPTABLE');
    expect((await feed('?types=SerialDelivred').expect(400)).body.errors).toEqual([
      { field: 'types', message: 'unknown event types: SerialDelivred' },
    ]);
    await feed('?fromPosition=-1').expect(400);
    await feed('?fromPosition=99999999999999999999').expect(400);
    await feed().set('Last-Event-ID', 'abc').expect(400);
    await t
      .http()
      .get('/v1/feed')
      .set('Authorization', bearer(['reporter']))
      .expect(403);
  });

  it('sends live events as they commit, each exactly as /v1/audit/events has it, through disconnects', async () => {
    const client = follow(`${base}/v1/feed`);
    client.on('SerialReceived');
    client.on('ProductRegistered');
    try {
      await eventually(() => client.opens() === 1, 'the feed to open');
      const first = await receive('LIVE', 3);
      await eventually(() => client.events.length === 3, 'three live events');
      // A burst bigger than the queue bound: disconnected, reconnected, caught up from the store.
      const burst = await receive('BURST', 40);
      await eventually(() => client.events.at(-1)?.data.position === burst.body.position, 'the burst');
      expect(client.opens()).toBeGreaterThan(1);
      const expected = await auditEvents(String(BigInt(first.body.position) - 2n));
      expect(positions(client.events)).toEqual(expected.map((event) => event.position));
      expect(client.events.map((event) => event.data)).toEqual(expected);
      expect(client.events.map((event) => event.id)).toEqual(expected.map((event) => event.position));
      expect(client.events.every((event) => event.type === event.data.type)).toBe(true);
    } finally {
      client.close();
    }
  });

  it('resumes after Last-Event-ID, missing nothing and repeating nothing', async () => {
    const before = await receive('GAP-A', 5);
    const missed = await receive('GAP-B', 30);
    const client = follow(`${base}/v1/feed?fromPosition=0`, { lastEventId: before.body.position });
    client.on('SerialReceived');
    try {
      await eventually(
        () => client.events.at(-1)?.data.position === missed.body.position,
        'the missed events',
      );
      const live = await receive('GAP-C', 4);
      await eventually(() => client.events.at(-1)?.data.position === live.body.position, 'the live events');
      const expected = await auditEvents(String(BigInt(before.body.position) + 1n));
      expect(positions(client.events)).toEqual(expected.map((event) => event.position));
    } finally {
      client.close();
    }
  });

  it('starts after fromPosition and keeps only the types and product asked for', async () => {
    const start = await receive('FILTER-L', 2);
    await receive('FILTER-D', 2, 'DRILL');
    await t
      .as(['operator'])
      .post('/v1/serials/deliver', {
        productId: 'DRILL',
        serialNumbers: ['FILTER-D-00000'],
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        customerId: 'C-1',
      })
      .expect(200);
    const client = follow(
      `${base}/v1/feed?fromPosition=${start.body.position}&types=SerialReceived,SerialDelivered&productId=DRILL`,
    );
    for (const type of ['SerialReceived', 'SerialDelivered', 'SerialWarrantySet']) client.on(type);
    try {
      await eventually(() => client.events.length === 3, 'the DRILL events');
      expect(client.events.map((event) => [event.type, event.data.data.serialNumber])).toEqual([
        ['SerialReceived', 'FILTER-D-00000'],
        ['SerialReceived', 'FILTER-D-00001'],
        ['SerialDelivered', 'FILTER-D-00000'],
      ]);
    } finally {
      client.close();
    }
  });

  it('keeps 200 feeds open at once, each getting every new event, and sends keep-alive comments', async () => {
    const agent = new http.Agent({ maxSockets: Infinity });
    const feeds = Array.from({ length: 200 }, () => rawFeed(`${base}/v1/feed`, agent));
    try {
      const answers = await Promise.all(feeds.map((feed) => feed.response));
      expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
      expect(answers[0].headers['content-type']).toMatch(/^text\/event-stream/);
      await eventually(
        () => feeds.every((feed) => feed.text().includes(': keep-alive')),
        'keep-alive comments',
      );
      const { body } = await receive('MANY', 1);
      await eventually(
        () => feeds.every((feed) => feed.text().includes(`id: ${body.position}\n`)),
        'every feed',
      );
    } finally {
      feeds.forEach((feed) => feed.close());
      agent.destroy();
    }
  });

  it('ends open feeds when the service closes, without waiting for them', async () => {
    const other = await startTestApp();
    const url = await listen(other.app);
    const agent = new http.Agent();
    const feed = rawFeed(`${url}/v1/feed`, agent);
    try {
      await feed.response;
      const started = Date.now();
      await other.close();
      expect(Date.now() - started).toBeLessThan(5_000);
      await eventually(() => feed.ended(), 'the feed to end');
    } finally {
      feed.close();
      agent.destroy();
    }
  });
});
