import { createHmac } from 'node:crypto';
import { signToken, type Role } from '@serial/runtime';
import { LAPTOP, TEST_SECRET, startTestApp, type TestApp } from './support/test-app';

const PROBLEM_JSON = /^application\/problem\+json/;
type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

const READERS: Role[] = ['reporter', 'auditor', 'admin'];
const OPERATORS: Role[] = ['operator', 'admin'];
const AUDITORS: Role[] = ['auditor', 'admin'];
const ADMINS: Role[] = ['admin'];
const FEED_READERS: Role[] = ['integration', 'auditor', 'admin'];
const SERIAL = '/v1/products/LAPTOP/serials/SN-1';

/**
 * Every /v1 route of API.md with the roles it admits. `admin` implies every role and `auditor`
 * implies `reporter` (API.md "Auth"). Where the service differs from the page it says so.
 */
const ROUTES: [Method, string, Role[]][] = [
  ['post', '/v1/products', ADMINS],
  ['patch', '/v1/products/LAPTOP', ADMINS],
  ['get', '/v1/products/LAPTOP', READERS],
  ['get', '/v1/products', READERS],
  ['post', '/v1/locations', ADMINS],
  ['get', '/v1/locations/WH%2FStock', READERS],
  ['get', '/v1/locations', READERS],
  ...['register', 'receive', 'deliver', 'transfer', 'return', 'scrap', 'adjust', 'correct', 'reserve']
    .concat(['release', 'warranty'])
    .map((name): [Method, string, Role[]] => ['post', `/v1/serials/${name}`, OPERATORS]),
  ['post', '/v1/movements', OPERATORS],
  ['put', '/v1/movements/MV-NONE/lines/0/serials', OPERATORS],
  ['post', '/v1/movements/MV-NONE/validate', OPERATORS],
  ['post', '/v1/movements/MV-NONE/cancel', OPERATORS],
  // API.md lists the movement reads under "Movements (role operator)"; the service also lets
  // reporters (and so auditors) read them, as the ERP's reporting tools list documents.
  ['get', '/v1/movements', ['operator', ...READERS]],
  ['get', '/v1/movements/MV-1', ['operator', ...READERS]],
  ['post', '/v1/scan', OPERATORS],
  ['get', SERIAL, READERS],
  ['get', `${SERIAL}/history`, READERS],
  ['get', '/v1/serials', READERS],
  ['get', '/v1/reports/stock', READERS],
  ['get', '/v1/reports/warranty?expiringBefore=2030-01-01T00:00:00.000Z', READERS],
  ['get', `${SERIAL}/events`, AUDITORS],
  ['get', `${SERIAL}/state`, AUDITORS],
  ['get', `${SERIAL}/verify`, AUDITORS],
  ['get', '/v1/audit/events', AUDITORS],
  ['get', '/v1/admin/projections', ADMINS],
  ['post', '/v1/admin/projections/rebuild', ADMINS],
  // Without Accept: text/event-stream the feed answers 406 once past the role check, so it never streams here.
  ['get', '/v1/feed', FEED_READERS],
  ['post', '/v1/webhooks', ADMINS],
  ['get', '/v1/webhooks', ADMINS],
  ['get', '/v1/webhooks/none', ADMINS],
  ['delete', '/v1/webhooks/none', ADMINS],
  ['post', '/v1/webhooks/none/pause', ADMINS],
  ['post', '/v1/webhooks/none/resume', ADMINS],
  ['post', '/v1/webhooks/none/redeliver', ADMINS],
];

const now = () => Math.floor(Date.now() / 1000);
function rawToken(header: object, payload: object, secret = TEST_SECRET): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const BAD_TOKENS: [string, string | undefined][] = [
  ['no token', undefined],
  ['an expired token', rawToken({ alg: 'HS256' }, { sub: 'a', roles: ['admin'], exp: now() - 5 })],
  ['a wrong secret', signToken('w'.repeat(48), { sub: 'a', roles: ['admin'] }, '1h')],
  ['alg none', rawToken({ alg: 'none' }, { sub: 'a', roles: ['admin'] }).replace(/[^.]+$/, '')],
  ['no sub', rawToken({ alg: 'HS256', typ: 'JWT' }, { roles: ['admin'], exp: now() + 3600 })],
];
const ROLES: Role[] = ['operator', 'reporter', 'auditor', 'integration', 'admin'];

describe('access control (e2e)', () => {
  let t: TestApp;
  const call = (method: Method, url: string, token?: string) => {
    const request = t.http()[method](url);
    if (token !== undefined) void request.set('Authorization', `Bearer ${token}`);
    return method === 'get' || method === 'delete' ? request : request.send({});
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.as(['admin']).post('/v1/products', LAPTOP).expect(201);
    await t
      .as(['operator'])
      .post('/v1/serials/receive', { productId: 'LAPTOP', serialNumbers: ['SN-1'], toLocationId: 'WH/Stock' })
      .expect(200);
    await t
      .as(['operator'])
      .post('/v1/movements', {
        id: 'MV-1',
        type: 'delivery',
        fromLocationId: 'WH/Stock',
        toLocationId: 'Partners/Customers',
        partnerId: 'C1',
        lines: [{ productId: 'LAPTOP', quantity: 1 }],
      })
      .expect(201);
  });
  afterAll(() => t.close());

  describe.each(ROUTES)('%s %s', (method, url, allowed) => {
    it.each(BAD_TOKENS)('rejects %s with 401 UNAUTHENTICATED', async (_case, token) => {
      const response = await call(method, url, token).expect(401);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    });

    it.each(ROLES)('role %s', async (role) => {
      const response = await call(method, url, signToken(TEST_SECRET, { sub: 'u', roles: [role] }, '1h'));
      if (allowed.includes(role)) {
        expect([401, 403]).not.toContain(response.status);
      } else {
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('FORBIDDEN');
        expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      }
    });
  });

  it.each(['/health', '/docs-json'])('serves %s without a token', async (url) => {
    await t.http().get(url).expect(200);
  });

  it('records the JWT subject on the events, never a userId from the body', async () => {
    const operator = t.as(['operator'], 'clerk-zoe');
    const body = { productId: 'LAPTOP', serialNumbers: ['SN-ZOE'], toLocationId: 'WH/Stock' };
    const spoofed = await operator.post('/v1/serials/receive', { ...body, userId: 'mallory' }).expect(400);
    expect(spoofed.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'userId' })],
    });
    await operator.post('/v1/serials/receive', body).expect(200);
    const events = await t.as(['auditor']).get('/v1/products/LAPTOP/serials/SN-ZOE/events').expect(200);
    expect(events.body.items).not.toHaveLength(0);
    for (const event of events.body.items) expect(event.metadata.userId).toBe('clerk-zoe');
    const history = await t.as(['reporter']).get('/v1/products/LAPTOP/serials/SN-ZOE/history').expect(200);
    expect(history.body.items.map((entry: { userId: string }) => entry.userId)).toEqual(
      events.body.items.map(() => 'clerk-zoe'),
    );
  });
});
