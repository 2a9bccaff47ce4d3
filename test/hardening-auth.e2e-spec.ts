import { createHmac } from 'node:crypto';
import { signToken } from '@serial/runtime';
import { TEST_SECRET, startTestApp, type TestApp } from './support/test-app';

const PROBLEM_JSON = /^application\/problem\+json/;
const METRICS_TOKEN = 'metrics-token-0123456789';
const now = () => Math.floor(Date.now() / 1000);

function rawToken(payload: object): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${body}.${createHmac('sha256', TEST_SECRET).update(body).digest('base64url')}`;
}

describe('what a caller without a valid token can cost (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN });
  });
  afterAll(() => t.close());

  it('answers 401 before reading the body: 12 MB of "[" is never parsed', async () => {
    const started = Date.now();
    const response = await t
      .http()
      .post('/v1/serials/receive')
      .set('Content-Type', 'application/json')
      .send('['.repeat(12 * 1024 * 1024))
      .catch((error: { response?: unknown }) => error.response ?? Promise.reject(error));
    const answer = response as { status: number; headers: Record<string, string>; body: { code: string } };
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('UNAUTHENTICATED');
    expect(answer.headers['content-type']).toMatch(PROBLEM_JSON);
    // The unread body is not drained: the connection goes with the answer.
    expect(answer.headers.connection).toBe('close');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('answers an unknown route 404 without reading its body', async () => {
    const response = await t
      .http()
      .post('/nowhere')
      .set('Content-Type', 'application/json')
      .send('['.repeat(100_000))
      .expect(404);
    expect(response.body.code).toBe('NOT_FOUND');
  });

  it.each<[string, object]>([
    ['no exp (worked forever)', { sub: 'a', roles: ['admin'], iat: now() }],
    ['exp 1e300', { sub: 'a', roles: ['admin'], exp: 1e300 }],
    ['an iat a year ahead', { sub: 'a', roles: ['admin'], iat: now() + 31_536_000, exp: now() + 31_539_600 }],
    ['a 10,000-character sub', { sub: 'u'.repeat(10_000), roles: ['admin'], exp: now() + 600 }],
    ['a sub with a newline and ESC codes', { sub: 'eve\n\u001b[2Jroot', roles: ['admin'], exp: now() + 600 }],
  ])('refuses a token with %s: 401, nothing recorded under it', async (_case, claims) => {
    const response = await t
      .http()
      .post('/v1/products')
      .set('Authorization', `Bearer ${rawToken(claims)}`)
      .send({ id: 'P-TOKEN', sku: 'P', name: 'P', type: 'storable', tracking: 'serial' })
      .expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
    await t.as(['reporter']).get('/v1/products/P-TOKEN').expect(404);
  });

  it('takes a token within the rules', async () => {
    const token = signToken(TEST_SECRET, { sub: 'clerk-anna', roles: ['reporter'] }, '24h');
    await t.http().get('/v1/products').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('protects /metrics with METRICS_TOKEN', async () => {
    const anyone = await t.http().get('/metrics').expect(401);
    expect(anyone.body.code).toBe('UNAUTHENTICATED');
    expect(anyone.headers['content-type']).toMatch(PROBLEM_JSON);
    await t.http().get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
    const jwt = signToken(TEST_SECRET, { sub: 'admin', roles: ['admin'] }, '1h');
    await t.http().get('/metrics').set('Authorization', `Bearer ${jwt}`).expect(401);
    const scraped = await t
      .http()
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(scraped.text).toMatch(/process_resident_memory_bytes/);
  });

  it('keeps the health probes open', async () => {
    await t.http().get('/health').expect(200);
    await t.http().get('/health/ready').expect(200);
  });
});
