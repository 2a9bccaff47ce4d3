import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '@serial/runtime';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemDocument } from './problem';

type Limits = Pick<AppConfig, 'requestTimeoutMs' | 'keepAliveTimeoutMs'>;

/**
 * Node checks the request timeouts on a timer; its default of 30 s would let a 30 s limit run to
 * 60 s. Once a second keeps a limit within a second of itself, for a cost that is one pass over
 * the open connections.
 */
const CONNECTIONS_CHECKING_INTERVAL_MS = 1000;

/**
 * Fastify's server options for the load limits (API.md "Load limits"): the headers and the body of
 * a request must arrive within REQUEST_TIMEOUT (Fastify's default is no limit, so 250 sockets
 * dripping a byte a second stayed open for ever), and an idle keep-alive connection goes after
 * KEEP_ALIVE_TIMEOUT. A request whose body has arrived is not limited: a 10,000-serial command
 * may take longer than that to answer.
 */
export function serverLimitOptions(config: Limits) {
  return {
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    },
    clientErrorHandler: answerClientError(config),
  };
}

/**
 * Errors Node meets before any request object exists for Fastify (a timeout, headers over 16 KB,
 * bytes that are not HTTP) would get Fastify's plain JSON; they get a problem document, written
 * straight to the socket, which then closes. Nothing can be written where the client already
 * reset the connection, or where an answer has begun.
 */
function answerClientError(config: Limits) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(rawResponse(clientProblem(error.code, config.requestTimeoutMs)));
  };
}

function clientProblem(code: string | undefined, timeoutMs: number): ProblemDocument {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return problem('REQUEST_TIMEOUT', 408, `The request did not arrive within ${timeoutMs / 1000} s`);
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return problem(
      'REQUEST_HEADER_FIELDS_TOO_LARGE',
      431,
      'The request headers are larger than 16 KB (a token of that size is not one this service issues)',
    );
  }
  return problem('VALIDATION_FAILED', 400, 'The request is not valid HTTP/1.1');
}

function rawResponse(document: ProblemDocument): string {
  const body = JSON.stringify(document);
  return [
    `HTTP/1.1 ${document.status} ${document.title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Once the server is closing, every answer closes its connection. Node closes the connections that
 * are idle when it starts closing, but a keep-alive connection whose request was still running (a
 * large command yields the event loop, so SIGTERM is handled mid-command) would stay open after its
 * answer for KEEP_ALIVE_TIMEOUT, holding the shutdown.
 */
export function closeConnectionsOnShutdown(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}
