import { UnauthorizedException } from '@nestjs/common';
import { AuthUnavailableError } from './auth-unavailable.error';
import { JwksTokenVerifier } from './jwks-token-verifier';
import type { ProviderKeyOptions } from './provider-keys';
import { TEST_AUDIENCE, TEST_ISSUER, TestIdentityProvider } from './testing/test-identity-provider';

const SECOND = 1000;
const logger = { warn: jest.fn(), log: jest.fn() };
let provider: TestIdentityProvider;
let firstKid: string;

beforeEach(async () => {
  logger.warn.mockClear();
  logger.log.mockClear();
  provider = await TestIdentityProvider.start();
  firstKid = await provider.addKey('ES256');
});
afterEach(async () => {
  jest.useRealTimers();
  await provider.stop();
});

async function loadedVerifier(options: Partial<ProviderKeyOptions> = {}): Promise<JwksTokenVerifier> {
  const verifier = new JwksTokenVerifier(
    { jwksUrl: provider.jwksUrl, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ...options },
    { maxLifetimeSeconds: 24 * 60 * 60 },
    logger,
  );
  await verifier.loadKeys();
  return verifier;
}

/**
 * Only Date is faked: jose's cooldown and cache age read Date.now(), so the clock can jump 30 s
 * while sockets and timers stay real.
 */
function clockThatJumps(): (ms: number) => void {
  jest.useFakeTimers({
    now: Date.now(),
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
  return (ms) => jest.setSystemTime(Date.now() + ms);
}

async function outcome(verify: Promise<unknown>): Promise<'accepted' | 401 | 503> {
  try {
    await verify;
    return 'accepted';
  } catch (error) {
    if (error instanceof UnauthorizedException) return 401;
    if (error instanceof AuthUnavailableError) return 503;
    throw error;
  }
}

describe('ProviderKeys (through JwksTokenVerifier)', () => {
  it('fetches the keys at start, and not again for tokens of known keys', async () => {
    const verifier = await loadedVerifier();
    for (let i = 0; i < 5; i++) await verifier.verify(await provider.sign(firstKid, { sub: `u${i}` }));
    expect(provider.fetches).toBe(1);
  });

  describe('key rotation', () => {
    it('fetches once when a token names a new kid, and accepts it', async () => {
      const jump = clockThatJumps();
      const verifier = await loadedVerifier();
      const newKid = await provider.addKey('RS256');
      jump(31 * SECOND);

      const tokens = await Promise.all([1, 2, 3].map((i) => provider.sign(newKid, { sub: `u${i}` })));
      expect(await Promise.all(tokens.map((t) => outcome(verifier.verify(t))))).toEqual([
        'accepted',
        'accepted',
        'accepted',
      ]);
      expect(provider.fetches).toBe(2);
    });

    it('refetches for a storm of unknown kids at most every 30 s, refusing them meanwhile', async () => {
      const jump = clockThatJumps();
      const verifier = await loadedVerifier();
      const stranger = new TestIdentityProvider();
      const bogus = await Promise.all([1, 2, 3, 4, 5].map((i) => stranger.addKey('ES256', `bogus-${i}`)));
      const storm = async () => {
        for (const kid of bogus) expect(await outcome(verifier.verify(await stranger.sign(kid)))).toBe(401);
      };

      await storm();
      jump(29 * SECOND);
      await storm();
      expect(provider.fetches).toBe(1);

      jump(2 * SECOND);
      await storm();
      await storm();
      expect(provider.fetches).toBe(2);
    });

    it('stops accepting a key the provider withdrew once the cache has aged', async () => {
      const jump = clockThatJumps();
      const verifier = await loadedVerifier({ cacheMaxAgeMs: 60 * SECOND });
      provider.withdraw(firstKid);
      jump(61 * SECOND);
      expect(await outcome(verifier.verify(await provider.sign(firstKid)))).toBe(401);
    });
  });

  describe('a provider that goes down', () => {
    it('keeps accepting tokens of cached keys, however old the cache, and answers 503 for others', async () => {
      const jump = clockThatJumps();
      const verifier = await loadedVerifier({ cacheMaxAgeMs: 60 * SECOND });
      const newKid = await provider.addKey('EdDSA');
      await provider.down();
      jump(10 * 60 * SECOND);

      expect(await outcome(verifier.verify(await provider.sign(firstKid)))).toBe('accepted');
      expect(await outcome(verifier.verify(await provider.sign(newKid)))).toBe(503);
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn.mock.calls[0][0]).toMatch(
        /cannot be fetched from http:\/\/127\.0\.0\.1:\d+\/realms/,
      );
    });

    it('does not ask again on every request, and takes new keys once it answers again', async () => {
      const jump = clockThatJumps();
      const verifier = await loadedVerifier();
      const newKid = await provider.addKey('PS256');
      jump(31 * SECOND);
      provider.answer = 500;

      for (let i = 0; i < 5; i++) {
        expect(await outcome(verifier.verify(await provider.sign(newKid, { sub: `u${i}` })))).toBe(503);
      }
      expect(provider.fetches).toBe(2);

      provider.answer = 'keys';
      jump(5 * SECOND);
      expect(await outcome(verifier.verify(await provider.sign(newKid)))).toBe('accepted');
      expect(provider.fetches).toBe(3);
      expect(logger.log).toHaveBeenCalledWith(expect.stringMatching(/fetched from .* again/));
    });

    it('answers 503 for every token when it was down from the start', async () => {
      await provider.down();
      const verifier = await loadedVerifier({ retryAfterFailureMs: 0 });
      expect(await outcome(verifier.verify(await provider.sign(firstKid)))).toBe(503);
      await provider.up();
      expect(await outcome(verifier.verify(await provider.sign(firstKid)))).toBe('accepted');
    });

    it('answers 503 while it serves something that is not a key set', async () => {
      provider.answer = 'garbage';
      const verifier = await loadedVerifier();
      expect(await outcome(verifier.verify(await provider.sign(firstKid)))).toBe(503);
    });
  });
});
