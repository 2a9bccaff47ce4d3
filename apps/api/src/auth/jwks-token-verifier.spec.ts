import { UnauthorizedException } from '@nestjs/common';
import { SignJWT } from 'jose';
import { JwksTokenVerifier } from './jwks-token-verifier';
import type { ProviderKeyOptions } from './provider-keys';
import {
  TEST_AUDIENCE,
  TEST_ISSUER,
  TestIdentityProvider,
  type SigningAlgorithm,
} from './testing/test-identity-provider';

const DAY = 24 * 60 * 60;
const quiet = { warn: jest.fn(), log: jest.fn() };
let provider: TestIdentityProvider;

beforeEach(async () => {
  provider = await TestIdentityProvider.start();
});
afterEach(async () => {
  jest.useRealTimers();
  await provider.stop();
});

function verifierOf(options: Partial<ProviderKeyOptions> = {}, claims = { user: 'sub', roles: 'roles' }) {
  return new JwksTokenVerifier(
    { jwksUrl: provider.jwksUrl, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ...options },
    { maxLifetimeSeconds: DAY, claims },
    quiet,
  );
}

async function failure(verify: Promise<unknown>): Promise<Error> {
  const error = await verify.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

const refusal = async (verify: Promise<unknown>) => {
  const error = await failure(verify);
  expect(error).toBeInstanceOf(UnauthorizedException);
  return error.message;
};

describe('JwksTokenVerifier', () => {
  it.each<SigningAlgorithm>(['RS256', 'PS256', 'ES256', 'EdDSA'])('accepts %s', async (alg) => {
    const kid = await provider.addKey(alg);
    const user = await verifierOf().verify(await provider.sign(kid, { sub: 'anna', roles: ['reporter'] }));
    expect(user).toEqual({ userId: 'anna', roles: ['reporter'] });
  });

  describe('refuses (401)', () => {
    let kid: string;
    beforeEach(async () => {
      kid = await provider.addKey('ES256');
    });

    it('a token of another issuer or for another audience', async () => {
      expect(
        await refusal(verifierOf().verify(await provider.sign(kid, { iss: 'https://evil.test' }))),
      ).toMatch(/"iss" claim/);
      expect(await refusal(verifierOf().verify(await provider.sign(kid, { aud: 'other-api' })))).toMatch(
        /"aud" claim/,
      );
    });

    it('an expired token', async () => {
      const expired = await provider.sign(kid, { iat: Math.floor(Date.now() / 1000) - 120 }, -60);
      expect(await refusal(verifierOf().verify(expired))).toBe('The token has expired');
    });

    it('an algorithm outside RS256, PS256, ES256, EdDSA, even with a published key', async () => {
      const es384 = await provider.addKey('ES384');
      await refusal(verifierOf().verify(await provider.sign(es384)));
    });

    it('HS256, whatever the secret (no key of the set is an HMAC secret)', async () => {
      const hs = await new SignJWT({ sub: 'mallory', roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256', kid })
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setExpirationTime('5m')
        .sign(Buffer.from(provider.jwksUrl));
      await refusal(verifierOf().verify(hs));
    });

    it('a token signed by a key the provider does not publish', async () => {
      const stranger = new TestIdentityProvider();
      const strangerKid = await stranger.addKey('ES256', kid);
      await refusal(verifierOf().verify(await stranger.sign(strangerKid)));
    });

    it('a token that breaks the token rules: no exp, or a lifetime over AUTH_MAX_TOKEN_LIFETIME', async () => {
      const noExp = await new SignJWT({ sub: 'anna', roles: ['admin'] })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .sign(provider.privateKeyOf(kid));
      expect(await refusal(verifierOf().verify(noExp))).toMatch(/no expiry/);
      expect(await refusal(verifierOf().verify(await provider.sign(kid, {}, 2 * DAY)))).toMatch(
        /lives longer than 86400 s/,
      );
    });
  });

  describe('claim paths (AUTH_ROLES_CLAIM, AUTH_USER_CLAIM)', () => {
    const keycloak = { user: 'preferred_username', roles: 'realm_access.roles' };

    it("reads the user and the roles where the provider puts them, ignoring roles that are not the service's", async () => {
      const kid = await provider.addKey('RS256');
      const token = await provider.sign(kid, {
        sub: '8f2c1e9a-uuid',
        preferred_username: 'anna.clerk',
        roles: ['admin'],
        realm_access: { roles: ['offline_access', 'operator', 'uma_authorization'] },
      });
      expect(await verifierOf({}, keycloak).verify(token)).toEqual({
        userId: 'anna.clerk',
        roles: ['operator'],
      });
    });

    it('gives no roles when the claim is absent, and refuses a user claim that is missing or not plain', async () => {
      const kid = await provider.addKey('EdDSA');
      const verifier = verifierOf({}, keycloak);
      expect(await verifier.verify(await provider.sign(kid, { preferred_username: 'bo' }))).toEqual({
        userId: 'bo',
        roles: [],
      });
      expect(await refusal(verifier.verify(await provider.sign(kid)))).toBe(
        'The token has no user claim (preferred_username)',
      );
      expect(
        await refusal(verifier.verify(await provider.sign(kid, { preferred_username: 'bo\u202e' }))),
      ).toMatch(/user claim \(preferred_username\) must be at most 256 printable/);
      expect(
        await refusal(
          verifier.verify(
            await provider.sign(kid, { preferred_username: 'x', realm_access: { roles: 'operator' } }),
          ),
        ),
      ).toBe('The token claim realm_access.roles must be an array');
    });
  });
});
