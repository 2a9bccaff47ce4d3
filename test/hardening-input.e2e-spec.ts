import * as net from 'node:net';
import { gzipSync } from 'node:zlib';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { signToken } from '@serial/runtime';
import { LAPTOP, TEST_SECRET, startTestApp, type TestApp } from './support/test-app';

const PROBLEM_JSON = /^application\/problem\+json/;
const NFC = 'SN-\u00e9';
const NFD = 'SN-e\u0301';
const token = `Bearer ${signToken(TEST_SECRET, { sub: 'clerk-anna', roles: ['admin'] }, '1h')}`;

describe('input normalisation and strictness (e2e)', () => {
  let t: TestApp;
  const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();
  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(url)
      .set({ Authorization: token, 'Content-Type': 'application/json', ...headers })
      .send(body);

  beforeAll(async () => {
    t = await startTestApp({ REQUEST_TIMEOUT: '1s' });
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
  });
  afterAll(() => t.close());

  it('reads a serial in NFC wherever it enters: body, path, query, scan', async () => {
    const operator = t.as(['operator']);
    const received = await operator
      .post('/v1/serials/receive', { productId: 'LAPTOP', serialNumbers: [NFC], toLocationId: 'WH/Stock' })
      .expect(200);
    await operator
      .post('/v1/serials/receive', { productId: 'LAPTOP', serialNumbers: [NFD], toLocationId: 'WH/Stock' })
      .expect(409);
    const reader = t.as(['reporter']);
    const min = { 'X-Min-Position': received.body.position };
    const view = await reader
      .get(`/v1/products/LAPTOP/serials/${encodeURIComponent(NFD)}`)
      .set(min)
      .expect(200);
    expect(view.body.serialNumber).toBe(NFC);
    const list = await reader
      .get(`/v1/serials?serialNumber=${encodeURIComponent(NFD)}`)
      .set(min)
      .expect(200);
    expect(list.body.items.map((item: { serialNumber: string }) => item.serialNumber)).toEqual([NFC]);
    const scan = await operator.post('/v1/scan', { code: NFD }).expect(200);
    expect(scan.body.serialNumber).toBe(NFC);
    await operator
      .post('/v1/serials/deliver', {
        productId: 'LAPTOP',
        serialNumbers: [NFD],
        fromLocationId: 'WH/Stock',
        customerId: 'C-1',
      })
      .expect(200);
  });

  it.each(['\u0007', '\u001b[31m', '\u202e', '\u2066', '\u2028', '\n', '\u200b'])(
    'refuses free text holding %j, naming the field',
    async (bad) => {
      const before = await head();
      const response = await t
        .as(['operator'])
        .post('/v1/serials/register', { productId: 'LAPTOP', serialNumbers: ['T-1'], lot: `L${bad}1` })
        .expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'lot' })]);
      expect(await head()).toBe(before);
    },
  );

  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty'])(
    'refuses the body key %s, which the DTO does not declare, at any depth',
    async (key) => {
      const top = await post(
        '/v1/serials/register',
        `{"productId":"LAPTOP","serialNumbers":["K-1"],"${key}":1}`,
      );
      expect(top.status).toBe(400);
      expect(top.body.errors).toEqual([{ field: key, message: `property ${key} should not exist` }]);
      const nested = await post(
        '/v1/serials/register',
        `{"productId":"LAPTOP","range":{"first":"K-1","count":1,"${key}":1}}`,
      );
      expect(nested.status).toBe(400);
      expect(nested.body.errors).toEqual([expect.objectContaining({ field: `range.${key}` })]);
    },
  );

  it.each([
    ['at the top', '{"productId":"LAPTOP","serialNumbers":["D-1"],"productId":"OTHER"}', 'productId'],
    ['nested', '{"productId":"LAPTOP","range":{"first":"D-1","count":1,"count":2}}', 'count'],
    ['escaped', '{"productId":"LAPTOP","serialNumbers":["D-1"],"lot":"a","\\u006cot":"b"}', 'lot'],
    // 64 KiB and more are parsed and scanned in turns of the event loop of their own (json-body.ts).
    [
      'in a large body',
      `{"productId":"LAPTOP","serialNumbers":${JSON.stringify(Array.from({ length: 6000 }, (_, i) => `BIG-${i}`))},"productId":"OTHER"}`,
      'productId',
    ],
  ])('refuses a duplicate key %s', async (_case, body, key) => {
    const response = await post('/v1/serials/register', body).expect(400);
    expect(response.body.errors).toEqual([
      { field: 'body', message: expect.stringContaining(`"${key}" twice`) },
    ]);
  });

  it('refuses a large body that is not JSON with 400 naming where it broke', async () => {
    const body = `{"productId":"LAPTOP","serialNumbers":[${'"X-1",'.repeat(15_000)}]}`;
    expect(body.length).toBeGreaterThan(64 * 1024);
    const response = await post('/v1/serials/register', body).expect(400);
    expect(response.body.errors).toEqual([
      { field: 'body', message: expect.stringContaining('is not valid JSON') },
    ]);
  });

  it.each(['0x10', '1e3', '%201', '1.0', '-1', '+5'])('refuses limit=%s', async (limit) => {
    const response = await t.as(['reporter']).get(`/v1/serials?limit=${limit}`).expect(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'limit' })]),
    );
  });

  it.each(['%201', '0x1', '1e0', '99999999999999999999'])('refuses line index %s', async (index) => {
    const response = await t
      .as(['operator'])
      .put(`/v1/movements/MV-1/lines/${index}/serials`, { serialNumbers: ['A'] })
      .expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'lineIndex' })]);
  });

  it('refuses positions that do not fit in 64 bits with 400, never 500', async () => {
    const auditor = t.as(['auditor']);
    for (const position of ['9999999999999999999', '9223372036854775808']) {
      const audit = await auditor.get(`/v1/audit/events?fromPosition=${position}`).expect(400);
      expect(audit.body.errors).toEqual([expect.objectContaining({ field: 'fromPosition' })]);
      await auditor.get('/v1/serials').set('X-Min-Position', position).expect(400);
    }
    await auditor.get('/v1/audit/events?fromPosition=9223372036854775807').expect(200);
  });

  it('refuses a compressed body and a charset other than UTF-8 with 415, unparsed', async () => {
    const body = JSON.stringify({ productId: 'LAPTOP', serialNumbers: ['Z-1'] });
    const gzip = await t
      .http()
      .post('/v1/serials/register')
      .set({ Authorization: token, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
      .send(gzipSync(body))
      .expect(415);
    expect(gzip.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    for (const charset of ['utf-16', 'latin1', '"iso-8859-1"']) {
      const response = await post('/v1/serials/register', body, {
        'Content-Type': `application/json; charset=${charset}`,
      }).expect(415);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    }
    await post('/v1/serials/register', body, { 'Content-Type': 'application/json; charset=UTF-8' }).expect(
      200,
    );
  });

  it('does not echo a 10 KB path back in full', async () => {
    const response = await t
      .as(['admin'])
      .patch(`/v1/products/${'x'.repeat(10_000)}`, {})
      .expect(400);
    expect(response.text.length).toBeLessThan(2_000);
    const unknown = await t
      .http()
      .get(`/nowhere/${'y'.repeat(10_000)}`)
      .expect(404);
    expect(unknown.text.length).toBeLessThan(2_000);
  });

  describe('what Node answers before any route (problem documents through the socket)', () => {
    const exchange = (request: string, wait = 5_000): Promise<string> =>
      new Promise((resolve, reject) => {
        const { port } = t.app.getHttpServer().address() as net.AddressInfo;
        let answer = '';
        const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('error', () => resolve(answer));
        socket.on('close', () => resolve(answer));
        setTimeout(() => {
          socket.destroy();
          reject(new Error(`no answer within ${wait} ms: ${answer}`));
        }, wait);
      });
    beforeAll(async () => {
      await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
    });

    it('answers a body that stalls with 408 REQUEST_TIMEOUT once REQUEST_TIMEOUT has passed', async () => {
      const started = Date.now();
      const answer = await exchange(
        `POST /v1/serials/register HTTP/1.1\r\nHost: x\r\nAuthorization: ${token}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"productId":',
      );
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toMatch(/Content-Type: application\/problem\+json/);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
        status: 408,
        code: 'REQUEST_TIMEOUT',
      });
      expect(Date.now() - started).toBeLessThan(4_000);
    });

    it('answers headers over 16 KB (a 100 KB token) with 431 as a problem document', async () => {
      const answer = await exchange(
        `GET /v1/serials HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(20_000)}`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      expect(answer).toContain('"code":"REQUEST_HEADER_FIELDS_TOO_LARGE"');
    });

    it('answers bytes that are not HTTP with a 400 problem document', async () => {
      const answer = await exchange('GARBAGE\u0001 / HTTP/1.1\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('"code":"VALIDATION_FAILED"');
    });
  });
});
