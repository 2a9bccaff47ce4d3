import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import {
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { Role } from '@serial/runtime';
import { DEFAULT_ROLES, IS_PUBLIC_KEY, ROLES_KEY } from '../auth/auth.decorators';
import { isSafeMethod, SKIP_IDEMPOTENCY_KEY } from '../idempotency/idempotency-request';
import { declaredProblems, type ProblemSpec } from './problem.openapi';
import { ReadYourWritesInterceptor } from './read-your-writes';

/**
 * What a route does about auth, input, idempotency and read-your-writes, read from the very metadata
 * the guard, the pipes and the interceptors act on: the OpenAPI document cannot promise a header or
 * an error the route does not have.
 */
export interface RouteFacts {
  readonly operationId: string;
  readonly method: string;
  readonly isPublic: boolean;
  /** The roles the guard admits (any one of them). */
  readonly roles: readonly Role[];
  readonly readsReadModels: boolean;
  readonly takesIdempotencyKey: boolean;
  /** Body, query or path parameters go through a pipe, so they can be refused with 400. */
  readonly validatesInput: boolean;
  readonly problems: readonly ProblemSpec[];
}

/** Swagger's operationId factory and ours: `SerialCommands_receive`. */
export const operationIdOf = (controllerKey: string, methodKey: string): string =>
  `${controllerKey.replace(/Controller$/, '')}_${methodKey}`;

const VALIDATED_ARGUMENTS = new Set<number>([
  RouteParamtypes.BODY,
  RouteParamtypes.QUERY,
  RouteParamtypes.PARAM,
]);

export function routeFacts(app: INestApplication): RouteFacts[] {
  const controllers = [...app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type),
  );
  return controllers.flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((key) => key !== 'constructor')
      .map((key) => [key, (controller.prototype as Record<string, unknown>)[key]] as const)
      .filter(([, handler]) => typeof handler === 'function' && Reflect.hasMetadata(PATH_METADATA, handler))
      .map(([key, handler]) => factsOf(controller, key, handler as object)),
  );
}

function factsOf(controller: Type, key: string, handler: object): RouteFacts {
  const metadata = <T>(name: string): T | undefined =>
    (Reflect.getMetadata(name, handler) as T | undefined) ??
    (Reflect.getMetadata(name, controller) as T | undefined);
  const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
  const interceptors = [
    ...((Reflect.getMetadata(INTERCEPTORS_METADATA, controller) as unknown[] | undefined) ?? []),
    ...((Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? []),
  ];
  const routeArguments = Object.keys(
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) as object | undefined) ?? {},
  );
  return {
    operationId: operationIdOf(controller.name, key),
    method,
    isPublic: metadata<boolean>(IS_PUBLIC_KEY) === true,
    roles: metadata<Role[]>(ROLES_KEY) ?? DEFAULT_ROLES,
    readsReadModels: interceptors.includes(ReadYourWritesInterceptor),
    takesIdempotencyKey: !isSafeMethod(method) && metadata<boolean>(SKIP_IDEMPOTENCY_KEY) !== true,
    validatesInput: routeArguments.some((argument) =>
      VALIDATED_ARGUMENTS.has(Number(argument.split(':')[0])),
    ),
    problems: declaredProblems(controller, handler),
  };
}
