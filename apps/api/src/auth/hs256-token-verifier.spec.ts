import { UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { signToken } from '@serial/runtime';
import { Hs256TokenVerifier } from './hs256-token-verifier';

const SECRET = 's'.repeat(40);
const DAY = 24 * 60 * 60;
const now = () => Math.floor(Date.now() / 1000);
const verifier = (maxLifetimeSeconds = DAY) => new Hs256TokenVerifier(SECRET, { maxLifetimeSeconds });

function rawToken(header: object, payload: object, secret = SECRET): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
/** A token of the shape the rules accept, with `claims` changed. */
const token = (claims: object) =>
  rawToken(
    { alg: 'HS256', typ: 'JWT' },
    { sub: 'a', roles: ['admin'], iat: now(), exp: now() + 3600, ...claims },
  );

async function rejection(verify: Promise<unknown>): Promise<string> {
  const error = await verify.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthorizedException);
  return (error as Error).message;
}

describe('Hs256TokenVerifier', () => {
  it('gives the user of a valid token', async () => {
    const user = await verifier().verify(signToken(SECRET, { sub: 'alice', roles: ['reporter'] }, '1h'));
    expect(user).toEqual({ userId: 'alice', roles: ['reporter'] });
  });

  it('ignores unknown role names', async () => {
    expect(await verifier().verify(token({ sub: 'bob', roles: ['superuser', 'reporter'] }))).toEqual({
      userId: 'bob',
      roles: ['reporter'],
    });
  });

  it.each<[string, string]>([
    ['garbage', 'not-a-jwt'],
    ['a wrong signature', signToken('x'.repeat(40), { sub: 'a', roles: ['admin'] }, '1h')],
    ['an expired token', token({ exp: now() - 1 })],
    [
      'alg none',
      rawToken({ alg: 'none' }, { sub: 'a', roles: ['admin'], exp: now() + 60 }).replace(/[^.]+$/, ''),
    ],
    [
      'HS512',
      new JwtService().sign(
        { sub: 'a', roles: ['admin'] },
        { secret: SECRET, algorithm: 'HS512', expiresIn: '1h' },
      ),
    ],
    ['no sub', token({ sub: undefined })],
    ['an empty sub', token({ sub: ' ' })],
    ['a numeric sub', token({ sub: 42 })],
    ['roles not an array', token({ roles: 'admin' })],
    ['a token not valid yet', token({ nbf: now() + 600 })],
  ])('refuses %s', async (_case, jwt) => {
    await rejection(verifier().verify(jwt));
  });

  it('says when a token has expired', async () => {
    expect(await rejection(verifier().verify(token({ exp: now() - 10 })))).toBe('The token has expired');
  });

  describe('token rules (API.md "Auth")', () => {
    it('refuses a token without exp, which would work forever', async () => {
      expect(await rejection(verifier().verify(token({ exp: undefined })))).toMatch(/no expiry/);
    });

    it.each([
      ['exp 1e300', { exp: 1e300 }],
      ['a lifetime one second too long', { iat: now(), exp: now() + DAY + 1 }],
      ['no iat and exp too far from now', { iat: undefined, exp: now() + DAY + 60 }],
    ])('refuses %s', async (_case, claims) => {
      expect(await rejection(verifier().verify(token(claims)))).toMatch(/lives longer than 86400 s/);
    });

    it('takes a lifetime of exactly AUTH_MAX_TOKEN_LIFETIME, and follows a shorter one', async () => {
      const issued = now();
      await verifier().verify(token({ iat: issued, exp: issued + DAY }));
      await rejection(verifier(3600).verify(token({ iat: issued, exp: issued + 3601 })));
    });

    it('refuses an iat more than 60 s ahead, and allows a little clock skew', async () => {
      expect(
        await rejection(verifier().verify(token({ iat: now() + 365 * DAY, exp: now() + 366 * DAY }))),
      ).toMatch(/future/);
      await verifier().verify(token({ iat: now() + 30, exp: now() + 3600 }));
    });

    it.each([
      ['10,000 characters', 'u'.repeat(10_000)],
      ['257 characters', 'u'.repeat(257)],
      ['a newline', 'alice\nadmin'],
      ['an escape code', 'alice\u001b[31m'],
      ['a bidi override', 'alice\u202e'],
    ])('refuses a sub of %s', async (_case, sub) => {
      expect(await rejection(verifier().verify(token({ sub })))).toMatch(/at most 256 printable/);
    });

    it('takes a sub of 256 characters, astral ones counted once', async () => {
      expect((await verifier().verify(token({ sub: '😀'.repeat(256) }))).userId).toHaveLength(512);
    });
  });

  describe('verified-token cache', () => {
    it('checks the signature of a token once, and answers its later uses from memory', async () => {
      const cached = verifier();
      const verify = jest.spyOn(cached as unknown as { verifySignature: () => unknown }, 'verifySignature');
      const jwt = signToken(SECRET, { sub: 'carol', roles: ['reporter'] }, '1h');
      for (let i = 0; i < 3; i++) {
        expect(await cached.verify(jwt)).toEqual({ userId: 'carol', roles: ['reporter'] });
      }
      expect(verify).toHaveBeenCalledTimes(1);
    });

    it('refuses a remembered token once it has expired', async () => {
      const cached = verifier();
      const issued = now();
      const jwt = token({ sub: 'dave', roles: ['reporter'], iat: issued, exp: issued + 60 });
      await cached.verify(jwt);

      cached.nowSeconds = () => issued + 60;

      expect(await rejection(cached.verify(jwt))).toBe('The token has expired');
    });

    it('never lets a forged signature ride on a remembered token', async () => {
      const cached = verifier();
      const claims = { sub: 'erin', roles: ['reporter'], exp: now() + 60 };
      await cached.verify(rawToken({ alg: 'HS256', typ: 'JWT' }, claims));
      const forged = rawToken({ alg: 'HS256', typ: 'JWT' }, { ...claims, roles: ['admin'] }, 'x'.repeat(40));

      await rejection(cached.verify(forged));
    });
  });
});
