import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DEFAULT_ROLES, IS_PUBLIC_KEY, REQUEST_USER, ROLES_KEY } from './auth.decorators';
import { hasAnyRole, type AuthenticatedUser, type Role } from '@serial/runtime';

interface AuthenticatedRequest {
  [REQUEST_USER]?: AuthenticatedUser;
}

/**
 * Global guard: the role check on every route not marked `@Public()`. The token was verified before
 * the body was read (authenticateRequests); a route it did not authenticate (one outside /v1 that
 * is not public) fails closed with 401.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets)) return true;

    const user = context.switchToHttp().getRequest<AuthenticatedRequest>()[REQUEST_USER];
    if (user === undefined) throw new UnauthorizedException('Send an Authorization: Bearer <token> header');
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const allowed = required ?? DEFAULT_ROLES;
    if (!hasAnyRole(user.roles, allowed)) {
      throw new ForbiddenException(`This route needs role ${allowed.join(' or ')}`);
    }
    return true;
  }
}
