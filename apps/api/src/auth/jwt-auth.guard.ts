import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { IS_PUBLIC_KEY, REQUEST_USER, ROLES_KEY } from './auth.decorators';
import { AuthenticatedUser, hasAnyRole, isRole, Role } from './roles';

const FAIL_CLOSED_ROLES: readonly Role[] = ['admin'];

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  [REQUEST_USER]?: AuthenticatedUser;
}

/** Global guard: bearer JWT (HS256 only) plus role check on every route not marked `@Public()`. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const user = this.authenticate(request.headers.authorization);
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const allowed = required ?? FAIL_CLOSED_ROLES;
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
    let claims: Record<string, unknown>;
    try {
      // algorithms pins HS256: `alg: none` and asymmetric algorithms are rejected by jsonwebtoken.
      claims = this.jwt.verify<Record<string, unknown>>(token, { algorithms: ['HS256'] });
    } catch (error) {
      const expired = error instanceof TokenExpiredError;
      throw new UnauthorizedException(expired ? 'The token has expired' : 'The token is invalid');
    }
    return userFromClaims(claims);
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
