import { CommandBus } from '@nestjs/cqrs';
import Database from 'better-sqlite3';
import * as path from 'node:path';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import type { Response, Test } from 'supertest';
import { ConcurrencyConflictError } from '../apps/api/src/http/application-errors';
import { EVENT_STORE_FILE } from '@serial/runtime';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from '../apps/api/src/idempotency/idempotency-store.port';
import { LAPTOP, startTestApp, type TestApp } from './support/test-app';

const KEY = 'Idempotency-Key';
const PROBLEM_JSON = /^application\/problem\+json/;

describe('Idempotency-Key (e2e)', () => {
  let t: TestApp;
  let keys = 0;
  const newKey = () => `key-${++keys}`;
  const head = () => t.app.get<symbol, EventStore>(EVENT_STORE).headPosition();
  const keyFile = () => path.join(t.dataDir, EVENT_STORE_FILE);
  const receiveBody = (serialNumbers: string[]) => ({
    productId: 'LAPTOP',
    serialNumbers,
    toLocationId: 'WH/Stock',
  });
  const receive = (key: string, body: object, sub?: string) =>
    t.as(['operator'], sub).post('/v1/serials/receive', body).set(KEY, key);
  const expectReplayOf = (replayed: Response, first: Response) => {
    expect(replayed.status).toBe(first.status);
    expect(replayed.text).toBe(first.text);
    expect(replayed.headers['content-type']).toBe(first.headers['content-type']);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('replays a success with the same status and body, and writes nothing', async () => {
    const key = newKey();
    const first = await receive(key, receiveBody(['R-1', 'R-2'])).expect(200);
    const position = await head();
    // The same body with its fields in another order: still the same request.
    const retry = await receive(key, {
      toLocationId: 'WH/Stock',
      serialNumbers: ['R-1', 'R-2'],
      productId: 'LAPTOP',
    });
    expectReplayOf(retry, first);
    expect(await head()).toBe(position);
  });

  it('replays a domain error identically, even once running again would succeed', async () => {
    const key = newKey();
    const deliver = () =>
      t
        .as(['operator'])
        .post('/v1/serials/deliver', {
          productId: 'LAPTOP',
          serialNumbers: ['D-1'],
          fromLocationId: 'WH/Stock',
          customerId: 'C1',
        })
        .set(KEY, key);
    const first = await deliver().expect(409).expect('content-type', PROBLEM_JSON);
    expect(first.body.code).toBe('SERIAL_NOT_FOUND');
    await receive(newKey(), receiveBody(['D-1'])).expect(200);
    const position = await head();
    expectReplayOf(await deliver(), first);
    expect(await head()).toBe(position);
  });

  it('refuses the same key with a different body: 422 IDEMPOTENCY_KEY_REUSED, nothing written', async () => {
    const key = newKey();
    await receive(key, receiveBody(['K-1'])).expect(200);
    const position = await head();
    const reused = await receive(key, receiveBody(['K-2']))
      .expect(422)
      .expect('content-type', PROBLEM_JSON);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await head()).toBe(position);
  });

  it('keeps the keys of different users and different routes apart', async () => {
    const key = newKey();
    await receive(key, receiveBody(['U-1'])).expect(200);
    const other = await receive(key, receiveBody(['U-2']), 'clerk-ben').expect(200);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    await t
      .as(['operator'])
      .post('/v1/serials/reserve', { productId: 'LAPTOP', serialNumbers: ['U-1'], reference: 'SO-1' })
      .set(KEY, key)
      .expect(200);
  });

  it('answers 409 REQUEST_IN_PROGRESS while the first request runs, then replays its answer', async () => {
    const bus = t.app.get(CommandBus);
    const execute = bus.execute.bind(bus);
    let enter!: () => void;
    let leave!: () => void;
    const entered = new Promise<void>((resolve) => (enter = resolve));
    const gate = new Promise<void>((resolve) => (leave = resolve));
    jest.spyOn(bus, 'execute').mockImplementationOnce(async (command) => {
      enter();
      await gate;
      return execute(command);
    });
    const key = newKey();
    const body = receiveBody(['P-1']);
    const first = receive(key, body).then((response) => response);
    await entered;
    const position = await head();

    const duplicate = await receive(key, body).expect(409).expect('content-type', PROBLEM_JSON);
    expect(duplicate.body.code).toBe('REQUEST_IN_PROGRESS');
    expect(await head()).toBe(position);

    leave();
    expect((await first).status).toBe(200);
    expectReplayOf(await receive(key, body), await first);
  });

  it('runs a racing duplicate of a 10,000-serial receive at most once', async () => {
    const key = newKey();
    const body = {
      productId: 'LAPTOP',
      range: { first: 'BIG-00000', count: 10_000 },
      toLocationId: 'WH/Stock',
    };
    const before = await head();
    const [first, second] = await Promise.all([receive(key, body), receive(key, body)]);
    expect(first.status).toBe(200);
    // The synchronous SQLite store may finish the first before the second is even parsed.
    if (second.status === 409) expect(second.body.code).toBe('REQUEST_IN_PROGRESS');
    else expectReplayOf(second, first);
    expect(await head()).toBe(before + 10_000n);
    expectReplayOf(await receive(key, body), first);
  }, 30_000);

  /**
   * The state a crash between the append and the answer's record leaves (the key committed), made by
   * failing the record: once the lease is over, a retry answers from the committed outcome.
   */
  const answerWithoutRecord = async (send: () => Test) => {
    const store = t.app.get<symbol, IdempotencyStore>(IDEMPOTENCY_STORE);
    jest.spyOn(store, 'complete').mockRejectedValueOnce(new Error('disk gone'));
    const first = await send();
    expect(first.status).toBeLessThan(300);
    const position = await head();
    expect((await send()).body.code).toBe('REQUEST_IN_PROGRESS');
    const db = new Database(keyFile());
    const ended = db
      .prepare("UPDATE idempotency_keys SET lease_expires_at = 0 WHERE state = 'committed'")
      .run();
    db.close();
    expect(ended.changes).toBe(1);
    expectReplayOf(await send(), first);
    expectReplayOf(await send(), first);
    expect(await head()).toBe(position);
  };

  it('answers a retry from the outcome committed with the events when the answer was never recorded', async () => {
    const key = newKey();
    await answerWithoutRecord(() => receive(key, receiveBody(['C-1', 'C-2'])));
  });

  it('does so for a route that answers from the stream after the command (movement validation)', async () => {
    const operator = () => t.as(['operator']);
    const movement = {
      id: 'WH/IN/C',
      type: 'receipt',
      fromLocationId: 'Partners/Vendors',
      toLocationId: 'WH/Stock',
      lines: [{ productId: 'LAPTOP', quantity: 1 }],
    };
    await operator().post('/v1/movements', movement).expect(201);
    await operator()
      .put('/v1/movements/WH%2FIN%2FC/lines/0/serials', { serialNumbers: ['C-9'] })
      .expect(200);
    const key = newKey();
    await answerWithoutRecord(() => operator().post('/v1/movements/WH%2FIN%2FC/validate').set(KEY, key));
  });

  it('remembers no 400: a repeat is validated again, and nothing is stored for it', async () => {
    const key = newKey();
    const invalid = { productId: 'LAPTOP', serialNumbers: ['V-1'], toLocationId: 'not a location' };
    const first = await receive(key, invalid).expect(400);
    const repeat = await receive(key, invalid).expect(400);
    expect(repeat.headers['idempotent-replayed']).toBeUndefined();
    expect(repeat.body).toEqual(first.body);
    const db = new Database(keyFile(), { readonly: true });
    const stored = db
      .prepare('SELECT count(*) AS n FROM idempotency_keys WHERE idempotency_key = ?')
      .get(key);
    db.close();
    expect(stored).toEqual({ n: 0 });
    // The fixed body may then use the key.
    await receive(key, receiveBody(['V-1'])).expect(200);
  });

  it('stores a 10,000-serial answer compressed', async () => {
    const key = newKey();
    const body = {
      productId: 'LAPTOP',
      range: { first: 'GZ-00000', count: 10_000 },
      toLocationId: 'WH/Stock',
    };
    const first = await receive(key, body).expect(200);
    const db = new Database(keyFile(), { readonly: true });
    const row = db
      .prepare(
        'SELECT response_body AS text, length(response_gzip) AS gzip FROM idempotency_keys WHERE idempotency_key = ?',
      )
      .get(key) as { text: string | null; gzip: number };
    db.close();
    expect(first.text.length).toBeGreaterThan(800_000);
    expect(row.text).toBeNull();
    expect(row.gzip).toBeLessThan(first.text.length / 10);
    expectReplayOf(await receive(key, body), first);
  }, 30_000);

  it('holds at most 100,000 live keys per user: past that a new key is 429 with Retry-After', async () => {
    const db = new Database(keyFile());
    const created = Date.now();
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
       INSERT INTO idempotency_keys (user_id, scope, idempotency_key, body_hash, state, status, created_at, expires_at)
       SELECT 'clerk-full', 'POST /v1/serials/receive', 'old-' || i, 'h', 'done', 200, ?, ? FROM n`,
    ).run(created, created + 3_600_000);
    db.prepare("INSERT INTO idempotency_users (user_id, keys) VALUES ('clerk-full', 100000)").run();
    db.close();
    const before = await head();
    const refused = await receive(newKey(), receiveBody(['FULL-1']), 'clerk-full')
      .expect(429)
      .expect('content-type', PROBLEM_JSON);
    expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3_500);
    expect(await head()).toBe(before);
    // Without a key, and for other users, commands run as usual.
    await t
      .as(['operator'], 'clerk-full')
      .post('/v1/serials/receive', receiveBody(['FULL-1']))
      .expect(200);
    await receive(newKey(), receiveBody(['FULL-2'])).expect(200);
  }, 30_000);

  it.each([
    ['a server error', new Error('disk on fire'), 500, 'F-1'],
    ['a concurrency conflict', new ConcurrencyConflictError(['serial-x']), 409, 'F-2'],
  ])('forgets the key after %s, so the retry runs the command', async (_name, error, status, serial) => {
    jest.spyOn(t.app.get(CommandBus), 'execute').mockRejectedValueOnce(error);
    const key = newKey();
    await receive(key, receiveBody([serial])).expect(status);
    const retry = await receive(key, receiveBody([serial])).expect(200);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    await receive(key, receiveBody([serial]))
      .expect(200)
      .expect('idempotent-replayed', 'true');
  });

  it('covers master-data commands too: a replayed product keeps its first createdAt', async () => {
    const key = newKey();
    const create = () =>
      t
        .as(['admin'])
        .post('/v1/products', { ...LAPTOP, id: 'PHONE', sku: 'PH-1' })
        .set(KEY, key);
    const first = await create().expect(201);
    expectReplayOf(await create(), first);
    const patch = () => t.as(['admin']).patch('/v1/products/PHONE', { name: 'Phone 2' }).set(KEY, key);
    const patched = await patch().expect(200);
    expectReplayOf(await patch(), patched);
  });

  it('covers movement routes: create, assign serials (PUT) and validate each replay', async () => {
    const operator = () => t.as(['operator']);
    const url = '/v1/movements/WH%2FIN%2F9';
    const movement = {
      id: 'WH/IN/9',
      type: 'receipt',
      fromLocationId: 'Partners/Vendors',
      toLocationId: 'WH/Stock',
      lines: [{ productId: 'LAPTOP', quantity: 1 }],
    };
    const requests = [
      () => operator().post('/v1/movements', movement).set(KEY, 'mv-create'),
      () =>
        operator()
          .put(`${url}/lines/0/serials`, { serialNumbers: ['MV-1'] })
          .set(KEY, 'mv-assign'),
      () => operator().post(`${url}/validate`).set(KEY, 'mv-validate'),
    ];
    for (const send of requests) {
      const first = await send();
      expect(first.status).toBeLessThan(300);
      const position = await head();
      expectReplayOf(await send(), first);
      expect(await head()).toBe(position);
    }
  });

  it('leaves read routes alone, even with a malformed header', async () => {
    for (const header of ['k', '']) {
      const read = await t.as(['reporter']).get('/v1/products/LAPTOP').set(KEY, header).expect(200);
      expect(read.headers['idempotent-replayed']).toBeUndefined();
    }
  });

  it.each([
    ['is empty', ''],
    ['is too long', 'k'.repeat(256)],
    ['holds a control character', 'a\tb'],
  ])('rejects a key that %s with 400 VALIDATION_FAILED naming the header', async (_name, header) => {
    const position = await head();
    const response = await receive(header, receiveBody(['M-1'])).expect(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'Idempotency-Key', message: expect.any(String) }],
    });
    expect(await head()).toBe(position);
  });
});

describe('Idempotency-Key across a restart (e2e)', () => {
  it('replays the first response after the service restarted on the same data', async () => {
    const first = await startTestApp();
    const dataDir = first.dataDir;
    await first.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    const body = { productId: 'LAPTOP', serialNumbers: ['S-1'], toLocationId: 'WH/Stock' };
    const original = await first
      .as(['operator'])
      .post('/v1/serials/receive', body)
      .set(KEY, 'restart-1')
      .expect(200);
    await first.close({ keepData: true });

    const second = await startTestApp({}, dataDir);
    try {
      const position = await second.app.get<symbol, EventStore>(EVENT_STORE).headPosition();
      const retry = await second.as(['operator']).post('/v1/serials/receive', body).set(KEY, 'restart-1');
      expect(retry.status).toBe(200);
      expect(retry.text).toBe(original.text);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await second.app.get<symbol, EventStore>(EVENT_STORE).headPosition()).toBe(position);
    } finally {
      await second.close();
    }
  });
});
