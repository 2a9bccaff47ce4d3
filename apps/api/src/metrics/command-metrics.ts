import type { FastifyInstance } from 'fastify';
import { problemCodeOf } from '../http/problem.filter';
import type { ServiceMetrics } from './metrics';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Counts and times every command (the non-read routes), labelled by route and outcome (`ok` or the
 * problem code), from a Fastify hook: a Nest interceptor did the same through RxJS and two
 * AsyncResource bindings per request, several percent of a small command's CPU.
 */
export function recordCommandMetrics(
  fastify: FastifyInstance,
  metrics: Pick<ServiceMetrics, 'recordCommand'>,
): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    // Unknown routes (404 before any handler) are not commands.
    if (!READS.has(request.method) && route !== undefined) {
      const outcome = reply.statusCode < 400 ? 'ok' : (problemCodeOf(reply.raw) ?? String(reply.statusCode));
      metrics.recordCommand(`${request.method} ${route}`, outcome, reply.elapsedTime / 1000);
    }
    done();
  });
}
