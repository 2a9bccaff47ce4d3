import { NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { replyWithProblem } from '../http/problem.filter';
import { toProblem } from '../http/to-problem';
import { echoed } from '../http/echo';
import { REQUEST_USER } from './auth.decorators';
import type { TokenVerifier } from './token-verifier';

/** Every route under it needs a token (API.md "Auth"); the rest (health, docs, metrics) is public. */
const AUTHENTICATED_PREFIX = '/v1/';
const METRICS_ROUTE = '/metrics';
const BEARER = /^Bearer +(\S+) *$/i;

export interface AuthenticationOptions {
  /** METRICS_TOKEN: when set, `GET /metrics` needs it as a bearer token. */
  readonly metricsToken?: string;
}

/**
 * Authenticates in Fastify's first hook, before the body is read: a request without a valid token
 * costs no body parsing, whatever its size, and is answered 401 at once, closing the connection so
 * that an unread body is not drained either. An unknown route is answered 404 here too, since
 * Fastify would otherwise read its body first. The user goes on the request for RolesGuard, which
 * checks the route's roles.
 */
export function authenticateRequests(
  fastify: FastifyInstance,
  verifier: TokenVerifier,
  options: AuthenticationOptions = {},
): void {
  const metricsToken = options.metricsToken === undefined ? undefined : digest(options.metricsToken);
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.is404) return refuse(request, reply, notFound(request));
    const route = request.routeOptions.url ?? '';
    if (route === METRICS_ROUTE && metricsToken !== undefined) {
      const token = bearerToken(request);
      if (token === undefined || !timingSafeEqual(digest(token), metricsToken)) {
        return refuse(request, reply, new UnauthorizedException('GET /metrics needs the METRICS_TOKEN'));
      }
      return;
    }
    if (!route.startsWith(AUTHENTICATED_PREFIX)) return;
    const token = bearerToken(request);
    if (token === undefined) {
      return refuse(
        request,
        reply,
        new UnauthorizedException('Send an Authorization: Bearer <token> header'),
      );
    }
    try {
      (request as FastifyRequest & { [REQUEST_USER]?: unknown })[REQUEST_USER] = await verifier.verify(token);
    } catch (error) {
      return refuse(request, reply, error);
    }
  });
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
}

function notFound(request: FastifyRequest): NotFoundException {
  return new NotFoundException(`Cannot ${request.method} ${echoed(request.url)}`);
}

function refuse(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (hasBody(request)) void reply.header('connection', 'close');
  replyWithProblem(reply, toProblem(error));
  return reply;
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Equal-length digests, so that the comparison takes the same time whatever the token. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
