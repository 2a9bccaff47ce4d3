import { JwtService } from '@nestjs/jwt';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveJwtSecret } from '@serial/runtime';
import { issueToken, lifetime } from './token-command';

describe('issueToken (npm run cli -- token)', () => {
  let dataDir: string;
  let secret: string;
  const verify = (token: string, key = secret) =>
    new JwtService({ secret: key }).verify(token, { algorithms: ['HS256'] });
  const request = { sub: 'anna', roles: 'operator,reporter', ttl: '8h', dataDir: '' };

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-'));
    secret = resolveJwtSecret({ dataDir, authMaxTokenLifetimeSeconds: 86_400 }, { warn: () => undefined });
    request.dataDir = dataDir;
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("signs with the data directory's secret: sub, roles, and exp ttl after iat", () => {
    const claims = verify(issueToken(request, {}));
    expect(claims).toMatchObject({ sub: 'anna', roles: ['operator', 'reporter'] });
    expect(claims.exp - claims.iat).toBe(8 * 3600);
  });

  it('signs with AUTH_JWT_SECRET when it is set, as the service verifies with it then', () => {
    const configured = 'c'.repeat(40);
    expect(verify(issueToken(request, { AUTH_JWT_SECRET: configured }), configured).sub).toBe('anna');
  });

  it('refuses when the service takes tokens from an identity provider', () => {
    expect(() => issueToken(request, { AUTH_JWKS_URL: 'https://id.example/jwks' })).toThrow(
      /AUTH_JWKS_URL is set/,
    );
  });

  it.each([
    ['an unknown role', { roles: 'operator,owner' }, /not a role: "owner"/],
    ['no role', { roles: '' }, /--roles takes/],
    ['an empty subject', { sub: '  ' }, /--sub must be/],
    ['a control character in the subject', { sub: 'anna\u0007' }, /--sub must be/],
    ['a bidi character in the subject', { sub: 'anna\u202e' }, /--sub must be/],
    ['a subject over 256 characters', { sub: 'a'.repeat(257) }, /--sub must be/],
    ['a malformed ttl', { ttl: '8 hours' }, /--ttl must be a duration/],
    ['a ttl of 0', { ttl: '0h' }, /--ttl must be a duration/],
    ['a ttl over 24 h', { ttl: '48h' }, /longer than the service accepts/],
    [
      'a data directory without a secret',
      { dataDir: '/nonexistent/data' },
      /does not exist: start the service/,
    ],
  ])('refuses %s', (_case, change, message) => {
    expect(() => issueToken({ ...request, ...change }, {})).toThrow(message);
  });

  it('allows a longer ttl where AUTH_MAX_TOKEN_LIFETIME does', () => {
    const claims = verify(issueToken({ ...request, ttl: '2d' }, { AUTH_MAX_TOKEN_LIFETIME: '72h' }));
    expect(claims.exp - claims.iat).toBe(2 * 86_400);
  });

  it('refuses where AUTH_MAX_TOKEN_LIFETIME is shorter, or is a setting the service refuses', () => {
    expect(() => issueToken(request, { AUTH_MAX_TOKEN_LIFETIME: '1h' })).toThrow(/longer than .* 1h/);
    expect(() => issueToken(request, { AUTH_MAX_TOKEN_LIFETIME: '90d' })).toThrow(/AUTH_MAX_TOKEN_LIFETIME/);
  });

  it('reads durations in seconds, minutes, hours and days', () => {
    expect(['90', '90s', '30m', '8h', '1d'].map((value) => lifetime('--ttl', value))).toEqual([
      90, 90, 1800, 28_800, 86_400,
    ]);
  });
});
