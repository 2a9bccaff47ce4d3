import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as PinoRootLogger } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';
// A caller's id is kept (to follow a request across systems) only if it is short and plain.
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: pino-http reuses Fastify's id, so log lines and the response header agree. */
export function requestId(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The level of a request's log line: successes at debug, client errors at info, server errors at error. */
export function requestLogLevel(statusCode: number): 'debug' | 'info' | 'error' {
  if (statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'info' : 'debug';
}

/**
 * One line per request, through the logger nestjs-pino built (PinoLogger.root): when its answer is
 * sent, or, if the client closes the connection first (a timed-out client of a big command that may
 * still commit), when it goes.
 */
export function logRequests(fastify: FastifyInstance, logger: () => PinoRootLogger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const level = requestLogLevel(reply.statusCode);
    const log = logger();
    if (log.isLevelEnabled(level)) {
      log[level](
        {
          // The shapes pino-http's wrapped serializers expect (they read `headersSent` of the raw response).
          req: request,
          res: reply.raw,
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
  onClosedBeforeAnswer(fastify, (request, reply) => {
    logger().info(
      { req: request, responseTime: Math.round(reply.elapsedTime) },
      'request closed by the client before the answer',
    );
  });
}

/**
 * Calls `closed` when the connection of a request goes before its answer was sent. Fastify's
 * onResponse runs only for answers that were sent, and its onRequestAbort only while the body is
 * still being received.
 */
export function onClosedBeforeAnswer(
  fastify: FastifyInstance,
  closed: (request: FastifyRequest, reply: FastifyReply) => void,
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.raw.once('close', () => {
      // writableEnded: the answer was handed to the socket (end() called), whatever happened after.
      if (!reply.raw.writableEnded) closed(request, reply);
    });
    done();
  });
}
