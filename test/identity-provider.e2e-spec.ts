import * as fs from 'node:fs';
import * as path from 'node:path';
import { signToken } from '@serial/runtime';
import { TestIdentityProvider } from '../apps/api/src/auth/testing/test-identity-provider';
import { LAPTOP, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

const PROBLEM_JSON = /^application\/problem\+json/;

/** API.md "Identity providers": a Keycloak-shaped provider, its JWKS served by the test on 127.0.0.1. */
describe('identity provider (e2e)', () => {
  let provider: TestIdentityProvider;
  let t: TestApp;
  let kid: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const keycloakToken = (roles: string[], username = 'anna.clerk', signedWith = kid) =>
    provider.sign(signedWith, {
      sub: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
      preferred_username: username,
      realm_access: { roles: ['offline_access', ...roles] },
    });

  beforeAll(async () => {
    provider = await TestIdentityProvider.start();
    kid = await provider.addKey('RS256');
    t = await startTestApp(
      provider.env({
        AUTH_JWT_SECRET: '',
        AUTH_ROLES_CLAIM: 'realm_access.roles',
        AUTH_USER_CLAIM: 'preferred_username',
      }),
    );
  });
  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  it('takes its tokens, records its user claim on events, and generates no secret', async () => {
    const admin = bearer(await keycloakToken(['admin'], 'ines.admin'));
    await t.http().post('/v1/products').set(admin).send(LAPTOP).expect(201);
    await t
      .http()
      .post('/v1/serials/receive')
      .set(bearer(await keycloakToken(['operator'])))
      .send({ productId: 'LAPTOP', serialNumbers: ['IDP-1'], toLocationId: 'WH/Stock' })
      .expect(200);

    const { body } = await t.http().get('/v1/products/LAPTOP/serials/IDP-1/events').set(admin).expect(200);
    expect(body.items[0].metadata.userId).toBe('anna.clerk');
    expect(fs.existsSync(path.join(t.dataDir, 'jwt-secret'))).toBe(false);
  });

  it("refuses a token without the route's role, and HS256 tokens whatever their secret", async () => {
    await t
      .http()
      .post('/v1/products')
      .set(bearer(await keycloakToken(['reporter'])))
      .send({ ...LAPTOP, id: 'OTHER' })
      .expect(403);
    const hs256 = signToken(TEST_SECRET, { sub: 'mallory', roles: ['admin'] }, '1h');
    const { body } = await t.http().get('/v1/products').set(bearer(hs256)).expect(401);
    expect(body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 503 AUTH_UNAVAILABLE while it is down, for tokens whose key is not cached', async () => {
    const rotated = await provider.addKey('EdDSA');
    await provider.down();
    // Past the 30 s in which a new kid is not fetched (jose reads Date.now(); timers stay real).
    jest.useFakeTimers({
      now: Date.now() + 31_000,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      const response = await t
        .http()
        .get('/v1/products')
        .set(bearer(await keycloakToken(['reporter'], 'anna.clerk', rotated)))
        .expect(503)
        .expect('content-type', PROBLEM_JSON);
      expect(response.body).toMatchObject({ status: 503, code: 'AUTH_UNAVAILABLE' });
      await t
        .http()
        .get('/v1/products')
        .set(bearer(await keycloakToken(['reporter'], 'ben.clerk')))
        .expect(200);
    } finally {
      jest.useRealTimers();
      await provider.up();
    }
  });
});
