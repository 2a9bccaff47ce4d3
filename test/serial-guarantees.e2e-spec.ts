import Database from 'better-sqlite3';
import * as path from 'node:path';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { LAPTOP, serials, startTestApp, type TestApp } from './support/test-app';

const EVENTS_FILE = 'events.sqlite';

describe('serial command guarantees (e2e)', () => {
  let t: TestApp;
  const operator = () => t.as(['operator']);
  const headPosition = () => t.app.get<EventStore>(EVENT_STORE).headPosition();
  const eventsOf = async (serialNumber: string) =>
    (await t.as(['auditor']).get(`/v1/products/LAPTOP/serials/${serialNumber}/events`).expect(200)).body
      .items as {
      type: string;
      revision: number;
    }[];

  beforeAll(async () => {
    t = await startTestApp();
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
  });
  afterAll(() => t?.close());

  it('receives 10,000 serials in one request, and refuses them again listing all 10,000 while writing nothing', async () => {
    const batch = serials('BULK', 10_000);
    const first = await operator()
      .post('/v1/serials/receive', { productId: 'LAPTOP', serialNumbers: batch, toLocationId: 'WH/Stock' })
      .expect(200);
    expect(first.body.serials).toHaveLength(10_000);
    expect(first.body.serials.every((s: { status: string }) => s.status === 'available')).toBe(true);

    const { body: page } = await t
      .as(['auditor'])
      .get(`/v1/audit/events?fromPosition=${first.body.position}&limit=10`)
      .expect(200);
    expect(page.items).toHaveLength(1);
    const again = await operator()
      .post('/v1/serials/receive', { productId: 'LAPTOP', serialNumbers: batch, toLocationId: 'WH/Stock' })
      .expect(409);
    expect(again.body.code).toBe('SERIAL_ALREADY_EXISTS');
    expect(again.body.serialNumbers).toEqual(batch);
    const { body: after } = await t
      .as(['auditor'])
      .get(`/v1/audit/events?fromPosition=${first.body.position}&limit=10`)
      .expect(200);
    expect(after.items).toHaveLength(1);
  });

  it('lets exactly one of 20 parallel deliveries of one serial win; the stream holds one SerialDelivered', async () => {
    await operator()
      .post('/v1/serials/receive', {
        productId: 'LAPTOP',
        serialNumbers: ['RACE-1'],
        toLocationId: 'WH/Stock',
      })
      .expect(200);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        operator().post('/v1/serials/deliver', {
          productId: 'LAPTOP',
          serialNumbers: ['RACE-1'],
          fromLocationId: 'WH/Stock',
          customerId: `C${i}`,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of responses.filter((r) => r.status === 409)) {
      expect(['SERIAL_NOT_AT_LOCATION', 'CONCURRENCY_CONFLICT']).toContain(r.body.code);
    }
    const delivered = (await eventsOf('RACE-1')).filter((e) => e.type === 'SerialDelivered');
    expect(delivered).toHaveLength(1);
  });

  it('lets exactly one of 10 parallel receives of one new serial win', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        operator().post('/v1/serials/receive', {
          productId: 'LAPTOP',
          serialNumbers: ['RACE-NEW'],
          toLocationId: 'WH/Stock',
        }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await eventsOf('RACE-NEW')).toEqual([
      expect.objectContaining({ type: 'SerialReceived', revision: 0 }),
    ]);
  });

  it('keeps every serial across a restart on the same data directory', async () => {
    const before = await headPosition();
    await t.close({ keepData: true });
    t = await startTestApp({}, t.dataDir);
    expect(await headPosition()).toBe(before);
    const { body } = await t.as(['auditor']).get('/v1/products/LAPTOP/serials/BULK-09999/state').expect(200);
    expect(body).toMatchObject({ status: 'available', locationId: 'WH/Stock' });
  });

  it('reports an event altered in the SQLite file as invalid at its revision', async () => {
    await operator()
      .post('/v1/serials/receive', {
        productId: 'LAPTOP',
        serialNumbers: ['TAMPER-1'],
        toLocationId: 'WH/Stock',
      })
      .expect(200);
    await operator()
      .post('/v1/serials/deliver', {
        productId: 'LAPTOP',
        serialNumbers: ['TAMPER-1'],
        fromLocationId: 'WH/Stock',
        customerId: 'C1',
      })
      .expect(200);
    await t
      .as(['auditor'])
      .get('/v1/products/LAPTOP/serials/TAMPER-1/verify')
      .expect(200, { valid: true, events: 2, firstInvalidRevision: null });

    const db = new Database(path.join(t.dataDir, EVENTS_FILE));
    const changed = db
      .prepare(
        "UPDATE events SET data = json_set(data, '$.customerId', 'C-FRAUD') WHERE stream_id = ? AND revision = 1",
      )
      .run('serial-LAPTOP:TAMPER-1');
    db.close();
    expect(changed.changes).toBe(1);

    await t
      .as(['auditor'])
      .get('/v1/products/LAPTOP/serials/TAMPER-1/verify')
      .expect(200, { valid: false, events: 2, firstInvalidRevision: 1 });
  });
});

describe('global serial uniqueness (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SERIAL_UNIQUENESS: 'global' });
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    await t
      .as(['admin'])
      .post('/v1/products', { ...LAPTOP, id: 'PHONE', sku: 'PH-1' })
      .expect(201);
  });
  afterAll(() => t?.close());

  it('refuses a serial number that another product already has, and hides it from that product', async () => {
    const receive = (productId: string) =>
      t
        .as(['operator'])
        .post('/v1/serials/receive', { productId, serialNumbers: ['SHARED-1'], toLocationId: 'WH/Stock' });
    await receive('LAPTOP').expect(200);
    await receive('PHONE')
      .expect(409)
      .expect(({ body }) =>
        expect(body).toMatchObject({ code: 'SERIAL_ALREADY_EXISTS', serialNumbers: ['SHARED-1'] }),
      );
    await t.as(['auditor']).get('/v1/products/PHONE/serials/SHARED-1/events').expect(404);
    await t.as(['auditor']).get('/v1/products/LAPTOP/serials/SHARED-1/events').expect(200);
  });
});
