import { UnauthorizedException } from '@nestjs/common';
import { errors, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { PRINTABLE_TEXT_PATTERN } from '@serial/domain';
import { isRole, type AuthenticatedUser } from '@serial/runtime';
import { AuthUnavailableError } from './auth-unavailable.error';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** Turns a bearer token into the user it stands for, or throws UnauthorizedException (401). */
export interface TokenVerifier {
  verify(token: string): Promise<AuthenticatedUser>;
}

export interface TokenRules {
  /** Longest `exp − iat` (or, without `iat`, `exp − now`) accepted (AUTH_MAX_TOKEN_LIFETIME). */
  readonly maxLifetimeSeconds: number;
  /** Where the user and the roles are in the claims; `sub` and `roles` unless an identity provider says. */
  readonly claims?: ClaimPaths;
}

/** Dot paths into the claims (AUTH_USER_CLAIM, AUTH_ROLES_CLAIM). */
export interface ClaimPaths {
  readonly user: string;
  readonly roles: string;
}

export const DEFAULT_CLAIM_PATHS: ClaimPaths = { user: 'sub', roles: 'roles' };

/** Verified tokens remembered; an ERP frontend sends the same token with every request. */
const VERIFIED_TOKENS = 10_000;
/** An `iat` this far ahead is a clock that is wrong, or a token minted to outlive the lifetime rule. */
const MAX_CLOCK_SKEW_SECONDS = 60;
const MAX_SUBJECT_LENGTH = 256;

interface VerifiedToken {
  readonly user: AuthenticatedUser;
  /** `exp` and `nbf` in seconds since the epoch, as in the token. */
  readonly expiresAt: number;
  readonly notBefore: number | undefined;
}

/**
 * The token rules of API.md "Auth", whatever checks the signature: `exp` required, a bounded
 * lifetime, no `iat` from the future, a plain `sub`. Subclasses verify the signature (HS256 here; a
 * JWKS later) and leave the claims to this class. The signature of a given token string never
 * changes its answer, so a verified token is remembered (bounded) and only its time window is
 * checked again on later uses, without tolerance.
 */
export abstract class JwtTokenVerifier implements TokenVerifier {
  private readonly verified = new LRUCache<string, VerifiedToken>({ max: VERIFIED_TOKENS });

  constructor(private readonly rules: TokenRules) {}

  /** Seconds since the epoch; a seam for tests. */
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000);

  /** Checks the signature and the registered time claims (`exp`, `nbf`) at `now`; throws jose's errors. */
  protected abstract verifySignature(token: string, now: Date): Promise<JWTPayload>;

  async verify(token: string): Promise<AuthenticatedUser> {
    const known = this.verified.get(token);
    if (known !== undefined) return this.withinTimeWindow(token, known);
    const now = this.nowSeconds();
    let claims: JWTPayload;
    try {
      claims = await this.verifySignature(token, new Date(now * 1000));
    } catch (error) {
      // The provider could not be asked: the token may well be good, so the client should retry.
      if (error instanceof AuthUnavailableError) throw error;
      throw new UnauthorizedException(rejectionOf(error));
    }
    const verified = this.checkClaims(claims, now);
    this.verified.set(token, verified);
    return verified.user;
  }

  private checkClaims(claims: JWTPayload, now: number): VerifiedToken {
    const { exp, iat, nbf } = claims;
    if (typeof exp !== 'number') throw new UnauthorizedException('The token has no expiry (exp)');
    if (iat !== undefined && iat > now + MAX_CLOCK_SKEW_SECONDS) {
      throw new UnauthorizedException('The token is issued in the future (iat)');
    }
    if (exp - (iat ?? now) > this.rules.maxLifetimeSeconds) {
      throw new UnauthorizedException(
        `The token lives longer than ${this.rules.maxLifetimeSeconds} s (exp - iat); ask for a shorter one`,
      );
    }
    return {
      user: userFromClaims(claims, this.rules.claims ?? DEFAULT_CLAIM_PATHS),
      expiresAt: exp,
      notBefore: nbf,
    };
  }

  private withinTimeWindow(token: string, known: VerifiedToken): AuthenticatedUser {
    const now = this.nowSeconds();
    if (now >= known.expiresAt) {
      this.verified.delete(token);
      throw new UnauthorizedException('The token has expired');
    }
    if (known.notBefore !== undefined && known.notBefore > now) {
      throw new UnauthorizedException('The token is not valid yet (nbf)');
    }
    return known.user;
  }
}

function rejectionOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token is invalid: ${error.message}`;
  return 'The token is invalid';
}

/**
 * The user a token names. The user claim is recorded on every event the request causes, in
 * hash-chained history: it must be a short printable string. Unknown role names are ignored rather
 * than rejected: they grant nothing, and issuers (identity providers above all) add roles of their own.
 */
export function userFromClaims(
  claims: JWTPayload,
  paths: ClaimPaths = DEFAULT_CLAIM_PATHS,
): AuthenticatedUser {
  const user = claimAt(claims, paths.user);
  const roles = claimAt(claims, paths.roles) ?? [];
  const name = paths.user === 'sub' ? 'subject (sub)' : `user claim (${paths.user})`;
  if (typeof user !== 'string' || user.trim() === '') {
    throw new UnauthorizedException(`The token has no ${name}`);
  }
  if ([...user].length > MAX_SUBJECT_LENGTH || !PRINTABLE_TEXT_PATTERN.test(user)) {
    throw new UnauthorizedException(
      `The token ${name} must be at most ${MAX_SUBJECT_LENGTH} printable characters`,
    );
  }
  if (!Array.isArray(roles)) {
    throw new UnauthorizedException(`The token claim ${paths.roles} must be an array`);
  }
  return { userId: user, roles: [...new Set(roles.filter(isRole))] };
}

/** The claim at a dot path; own properties only, so no path reaches the prototype. */
function claimAt(claims: JWTPayload, path: string): unknown {
  let value: unknown = claims;
  for (const name of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}
