import { ConfigError } from './app-config';
import { loadConfig } from './load-config';

const PROVIDER = {
  AUTH_JWKS_URL: 'https://sso.example.com/realms/serials/protocol/openid-connect/certs',
  AUTH_ISSUER: 'https://sso.example.com/realms/serials',
  AUTH_AUDIENCE: 'serial-api',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: identity provider (API.md "Identity providers")', () => {
  it('has none by default: HS256 with the secret', () => {
    expect(loadConfig({}).identityProvider).toBeUndefined();
  });

  it('reads the provider, with roles and sub as the default claims', () => {
    expect(loadConfig(PROVIDER).identityProvider).toEqual({
      jwksUrl: PROVIDER.AUTH_JWKS_URL,
      issuer: PROVIDER.AUTH_ISSUER,
      audience: 'serial-api',
      rolesClaim: 'roles',
      userClaim: 'sub',
    });
  });

  it('reads the claim paths', () => {
    const config = loadConfig({
      ...PROVIDER,
      AUTH_ROLES_CLAIM: 'resource_access.serial-api.roles',
      AUTH_USER_CLAIM: 'preferred_username',
    });
    expect(config.identityProvider).toMatchObject({
      rolesClaim: 'resource_access.serial-api.roles',
      userClaim: 'preferred_username',
    });
  });

  it('takes http:// for localhost only', () => {
    const local = 'http://127.0.0.1:8080/certs';
    expect(loadConfig({ ...PROVIDER, AUTH_JWKS_URL: local }).identityProvider?.jwksUrl).toBe(local);
    expect(problemsOf({ ...PROVIDER, AUTH_JWKS_URL: 'http://sso.example.com/certs' })).toEqual([
      'AUTH_JWKS_URL: must be an https:// URL (http:// only for localhost)',
    ]);
  });

  it('refuses both a secret and a provider', () => {
    expect(problemsOf({ ...PROVIDER, AUTH_JWT_SECRET: 'x'.repeat(32) })).toEqual([
      'AUTH_JWKS_URL: cannot be set together with AUTH_JWT_SECRET (set the identity provider or the shared secret, not both)',
    ]);
  });

  it('needs the issuer and the audience with a provider', () => {
    expect(problemsOf({ AUTH_JWKS_URL: PROVIDER.AUTH_JWKS_URL })).toEqual([
      'AUTH_ISSUER: required when AUTH_JWKS_URL is set',
      'AUTH_AUDIENCE: required when AUTH_JWKS_URL is set',
    ]);
  });

  it.each(['not a url', 'ftp://sso.example.com/certs', 'https://', 'file:///etc/keys.json'])(
    'refuses AUTH_JWKS_URL=%j without echoing it',
    (url) => {
      expect(problemsOf({ ...PROVIDER, AUTH_JWKS_URL: url })).toEqual([
        'AUTH_JWKS_URL: must be an https:// URL (http:// only for localhost)',
      ]);
    },
  );

  it.each(['realm_access..roles', '.roles', 'roles.', 'realm access.roles', 'a.b.c.d.e.f.g.h.i'])(
    'refuses the claim path %j',
    (path) => {
      expect(problemsOf({ ...PROVIDER, AUTH_ROLES_CLAIM: path, AUTH_USER_CLAIM: path })).toEqual([
        `AUTH_ROLES_CLAIM: must be a dot path of claim names such as realm_access.roles, got ${JSON.stringify(path)}`,
        `AUTH_USER_CLAIM: must be a dot path of claim names such as realm_access.roles, got ${JSON.stringify(path)}`,
      ]);
    },
  );

  it('refuses the companions without AUTH_JWKS_URL, which would be ignored', () => {
    expect(problemsOf({ AUTH_ISSUER: 'x', AUTH_ROLES_CLAIM: 'realm_access.roles' })).toEqual([
      'AUTH_ISSUER: only applies with AUTH_JWKS_URL, which is not set',
      'AUTH_ROLES_CLAIM: only applies with AUTH_JWKS_URL, which is not set',
    ]);
  });

  it('refuses an issuer with control characters', () => {
    expect(problemsOf({ ...PROVIDER, AUTH_ISSUER: 'https://sso\n' })).toEqual([
      'AUTH_ISSUER: must be at most 1000 characters without control characters',
    ]);
  });
});
