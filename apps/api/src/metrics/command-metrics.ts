import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { onClosedBeforeAnswer } from '../http/request-logging';
import { problemCodeOf } from '../http/problem.filter';
import type { ServiceMetrics } from './metrics';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The outcome of a command whose client closed the connection before the answer. */
export const CLIENT_CLOSED = 'CLIENT_CLOSED';

/**
 * Counts and times every command (the non-read routes), labelled by route and outcome (`ok` or the
 * problem code), from a Fastify hook: a Nest interceptor did the same through RxJS and two
 * AsyncResource bindings per request, several percent of a small command's CPU.
 */
export function recordCommandMetrics(
  fastify: FastifyInstance,
  metrics: Pick<ServiceMetrics, 'recordCommand'>,
): void {
  const record = (request: FastifyRequest, reply: FastifyReply, outcome: () => string) => {
    const route = request.routeOptions.url;
    // Unknown routes (404 before any handler) are not commands.
    if (!READS.has(request.method) && route !== undefined) {
      metrics.recordCommand(`${request.method} ${route}`, outcome(), reply.elapsedTime / 1000);
    }
  };
  fastify.addHook('onResponse', (request, reply, done) => {
    record(request, reply, () =>
      reply.statusCode < 400 ? 'ok' : (problemCodeOf(reply.raw) ?? String(reply.statusCode)),
    );
    done();
  });
  // The command may still finish (and commit) after its client went; its outcome is then unknown here.
  onClosedBeforeAnswer(fastify, (request, reply) => record(request, reply, () => CLIENT_CLOSED));
}
