import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiProblemResponse } from '../http/problem.openapi';
import { AuthenticatedUser, Role } from '@serial/runtime';

export const IS_PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';
/** The guard stores the user under a symbol so nothing else on the request can clash with it. */
export const REQUEST_USER = Symbol('REQUEST_USER');
export const BEARER_AUTH = 'bearer';

/** No token needed (health, docs, metrics). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * Any one of these roles admits the request (admin and the implied roles count, see roles.ts).
 * On a handler it replaces the controller's roles. A route with neither `@Roles` nor `@Public`
 * is admin-only, so a forgotten decorator fails closed.
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(BEARER_AUTH),
    ApiProblemResponse(401, 'UNAUTHENTICATED: no or invalid token'),
    ApiProblemResponse(403, `FORBIDDEN: needs role ${roles.join(' or ')}`),
  );

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const request = context.switchToHttp().getRequest<{ [REQUEST_USER]?: AuthenticatedUser }>();
    const user = request[REQUEST_USER];
    if (user === undefined) {
      throw new Error('@CurrentUser() used on a route the auth guard did not authenticate (@Public?)');
    }
    return user;
  },
);
