import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { DEFAULT_ROLES, IS_PUBLIC_KEY, REQUEST_USER, ROLES_KEY } from './auth.decorators';
import { AuthenticatedUser, hasAnyRole, isRole, Role } from '@serial/runtime';

/** Verified tokens remembered; an ERP frontend sends the same token with every request. */
const VERIFIED_TOKENS = 10_000;

/** A token whose signature and claims were checked once; its time window is checked on every use. */
interface VerifiedToken {
  readonly user: AuthenticatedUser;
  /** `exp` and `nbf` in seconds since the epoch, as in the token. */
  readonly expiresAt: number | undefined;
  readonly notBefore: number | undefined;
}

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  [REQUEST_USER]?: AuthenticatedUser;
}

/** Global guard: bearer JWT (HS256 only) plus role check on every route not marked `@Public()`. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  /**
   * Verifying an HS256 token (decode, HMAC, claim checks) costs ~80 µs in jsonwebtoken, a tenth of a
   * small command's CPU. The signature of a given token string never changes its answer, so it is
   * checked once; expiry and not-before are checked against the clock on every request, exactly as
   * jsonwebtoken does (no tolerance).
   */
  private readonly verified = new LRUCache<string, VerifiedToken>({ max: VERIFIED_TOKENS });

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  /** Seconds since the epoch; a seam for tests. */
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000);

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const user = this.authenticate(request.headers.authorization);
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const allowed = required ?? DEFAULT_ROLES;
    if (!hasAnyRole(user.roles, allowed)) {
      throw new ForbiddenException(`This route needs role ${allowed.join(' or ')}`);
    }
    request[REQUEST_USER] = user;
    return true;
  }

  authenticate(header: string | string[] | undefined): AuthenticatedUser {
    const token = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header)?.[1] : undefined;
    if (token === undefined) {
      throw new UnauthorizedException('Send an Authorization: Bearer <token> header');
    }
    const known = this.verified.get(token);
    if (known !== undefined) return this.withinTimeWindow(token, known);
    let claims: Record<string, unknown>;
    try {
      // algorithms pins HS256: `alg: none` and asymmetric algorithms are rejected by jsonwebtoken.
      claims = this.jwt.verify<Record<string, unknown>>(token, { algorithms: ['HS256'] });
    } catch (error) {
      const expired = error instanceof TokenExpiredError;
      throw new UnauthorizedException(expired ? 'The token has expired' : 'The token is invalid');
    }
    const user = userFromClaims(claims);
    const { exp, nbf } = claims;
    this.verified.set(token, {
      user,
      expiresAt: typeof exp === 'number' ? exp : undefined,
      notBefore: typeof nbf === 'number' ? nbf : undefined,
    });
    return user;
  }

  private withinTimeWindow(token: string, known: VerifiedToken): AuthenticatedUser {
    const now = this.nowSeconds();
    if (known.expiresAt !== undefined && now >= known.expiresAt) {
      this.verified.delete(token);
      throw new UnauthorizedException('The token has expired');
    }
    if (known.notBefore !== undefined && known.notBefore > now) {
      throw new UnauthorizedException('The token is invalid');
    }
    return known.user;
  }
}

/** Unknown role names are ignored rather than rejected: they grant nothing, and issuers may add roles. */
export function userFromClaims(claims: Record<string, unknown>): AuthenticatedUser {
  const { sub, roles = [] } = claims;
  if (typeof sub !== 'string' || sub.trim() === '') {
    throw new UnauthorizedException('The token has no subject (sub)');
  }
  if (!Array.isArray(roles)) {
    throw new UnauthorizedException('The token claim roles must be an array');
  }
  return { userId: sub, roles: [...new Set(roles.filter(isRole))] };
}
