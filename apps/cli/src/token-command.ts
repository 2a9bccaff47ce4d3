import * as path from 'node:path';
import { PRINTABLE_TEXT_PATTERN } from '@serial/domain';
import {
  formatDuration,
  readAuthMaxTokenLifetime,
  readDataDirSecret,
  ROLES,
  isRole,
  signToken,
  type Role,
} from '@serial/runtime';

/** API.md "Auth": a token lives at most this long unless AUTH_MAX_TOKEN_LIFETIME allows longer. */
export const DEFAULT_MAX_LIFETIME = '24h';
/** The service's token rules (API.md "Auth"): what it would refuse is never issued. */
const MAX_SUBJECT_LENGTH = 256;
const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

export interface TokenRequest {
  readonly sub: string;
  readonly roles: string;
  readonly ttl: string;
  readonly dataDir: string;
}

/** The token was not issued: the message says why, for the person at the terminal. */
export class TokenRefusedError extends Error {}

/**
 * A token for a person on the embedded default, signed with the secret the service verifies
 * with: AUTH_JWT_SECRET when set (the service prefers it too), else the one it generated into
 * the data directory. With an identity provider (AUTH_JWKS_URL) tokens come from the provider.
 */
export function issueToken(request: TokenRequest, env: NodeJS.ProcessEnv): string {
  if (nonEmpty(env.AUTH_JWKS_URL)) {
    throw new TokenRefusedError(
      'AUTH_JWKS_URL is set: the service accepts only tokens of that identity provider; get one there',
    );
  }
  const sub = subject(request.sub);
  const roles = roleList(request.roles);
  const seconds = lifetime('--ttl', request.ttl);
  const max = maxLifetime(env);
  if (seconds > max) {
    throw new TokenRefusedError(
      `--ttl ${request.ttl} is longer than the service accepts (AUTH_MAX_TOKEN_LIFETIME, ${formatDuration(max * 1000)})`,
    );
  }
  const secret = nonEmpty(env.AUTH_JWT_SECRET) ?? secretOf(request.dataDir);
  return signToken(secret, { sub, roles }, seconds);
}

function secretOf(dataDir: string): string {
  try {
    return readDataDirSecret(path.resolve(dataDir));
  } catch (error) {
    throw new TokenRefusedError((error as Error).message);
  }
}

function maxLifetime(env: NodeJS.ProcessEnv): number {
  try {
    return readAuthMaxTokenLifetime(env);
  } catch (error) {
    throw new TokenRefusedError((error as Error).message);
  }
}

function subject(value: string): string {
  const sub = value.trim();
  if (sub === '' || [...sub].length > MAX_SUBJECT_LENGTH || !PRINTABLE_TEXT_PATTERN.test(sub)) {
    throw new TokenRefusedError(
      `--sub must be 1-${MAX_SUBJECT_LENGTH} printable characters (no control or bidi characters): it is the user on every event`,
    );
  }
  return sub;
}

function roleList(value: string): Role[] {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isRole(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new TokenRefusedError(
      `--roles takes a comma-separated list of ${ROLES.join(', ')}; not a role: ${unknown.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  return [...new Set(names as Role[])];
}

/** `8h`, `30m`, `90s`, `1d`, or plain seconds, as whole seconds above 0. */
export function lifetime(name: string, value: string): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * UNITS[match[2] || 's'] : 0;
  if (seconds <= 0)
    throw new TokenRefusedError(`${name} must be a duration such as 8h, 30m or 3600, got "${value}"`);
  return seconds;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
