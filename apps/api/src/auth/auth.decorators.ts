import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthenticatedUser, Role } from '@serial/runtime';

export const IS_PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';
/** The guard stores the user under a symbol so nothing else on the request can clash with it. */
export const REQUEST_USER = Symbol('REQUEST_USER');

/** No token needed (health, docs, metrics). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/** The roles of a route with neither `@Roles` nor `@Public`: a forgotten decorator fails closed. */
export const DEFAULT_ROLES: readonly Role[] = ['admin'];

/**
 * Any one of these roles admits the request (admin and the implied roles count, see roles.ts).
 * On a handler it replaces the controller's roles. The OpenAPI document's bearer security and its
 * 401/403 answers are read from the same metadata (http/openapi-routes.ts).
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

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
