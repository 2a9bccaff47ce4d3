/**
 * An identity provider's tokens (API.md "Identity providers"): verified against its JWKS, with
 * `iss` and `aud` pinned. The claim paths are dot paths into the token's claims.
 */
export interface IdentityProviderConfig {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** Dot path of the roles array, e.g. `realm_access.roles` (Keycloak). */
  readonly rolesClaim: string;
  /** Dot path of the claim recorded as the user on events. */
  readonly userClaim: string;
}

type Read = (name: string) => string | undefined;

/** A dot path: segments of printable characters other than `.` and spaces. */
const CLAIM_PATH = /^[\x21-\x2d\x2f-\x7e]{1,128}(\.[\x21-\x2d\x2f-\x7e]{1,128}){0,7}$/;
const MAX_CLAIM_VALUE_LENGTH = 1000;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const PROVIDER_ONLY = ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_ROLES_CLAIM', 'AUTH_USER_CLAIM'];

/**
 * AUTH_JWKS_URL and its companions, or undefined for the embedded HS256 default. A companion set
 * without AUTH_JWKS_URL would be ignored, so it is refused like any other bad setting.
 */
export function readIdentityProvider(read: Read, problems: string[]): IdentityProviderConfig | undefined {
  const jwksUrl = read('AUTH_JWKS_URL');
  if (jwksUrl === undefined) {
    for (const name of PROVIDER_ONLY.filter((n) => read(n) !== undefined)) {
      problems.push(`${name}: only applies with AUTH_JWKS_URL, which is not set`);
    }
    return undefined;
  }
  if (read('AUTH_JWT_SECRET') !== undefined) {
    problems.push(
      'AUTH_JWKS_URL: cannot be set together with AUTH_JWT_SECRET (set the identity provider or the shared secret, not both)',
    );
  }
  if (!isJwksUrl(jwksUrl)) {
    problems.push('AUTH_JWKS_URL: must be an https:// URL (http:// only for localhost)');
  }
  const required = (name: string): string => {
    const value = read(name);
    if (value === undefined) problems.push(`${name}: required when AUTH_JWKS_URL is set`);
    // eslint-disable-next-line no-control-regex
    else if (value.length > MAX_CLAIM_VALUE_LENGTH || /[\x00-\x1f\x7f]/.test(value)) {
      problems.push(
        `${name}: must be at most ${MAX_CLAIM_VALUE_LENGTH} characters without control characters`,
      );
    }
    return value ?? '';
  };
  const claimPath = (name: string, fallback: string): string => {
    const value = read(name) ?? fallback;
    if (!CLAIM_PATH.test(value)) {
      problems.push(
        `${name}: must be a dot path of claim names such as realm_access.roles, got ${JSON.stringify(value.slice(0, 200))}`,
      );
    }
    return value;
  };
  return {
    jwksUrl,
    issuer: required('AUTH_ISSUER'),
    audience: required('AUTH_AUDIENCE'),
    rolesClaim: claimPath('AUTH_ROLES_CLAIM', 'roles'),
    userClaim: claimPath('AUTH_USER_CLAIM', 'sub'),
  };
}

/** Keys fetched over plain HTTP could be swapped by anyone on the way; loopback is for tests and sidecars. */
function isJwksUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}
