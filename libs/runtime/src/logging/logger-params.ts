import type { Params } from 'nestjs-pino';
import type { LogLevel } from '../config/app-config';

/**
 * JSON logs through pino, tuned for throughput (thousands of commands per second on two cores):
 * - nestjs-pino's per-request middleware is off (`forRoutes: []`): it runs pino-http and an
 *   AsyncLocalStorage context through Nest's middleware layer for every request, which measured
 *   half the CPU of the cheapest route (POST /v1/scan: 990 req/s with it, 1,985 without). Nest's
 *   logger still writes through the same pino instance; `logRequests` logs each request from a
 *   Fastify hook instead.
 * - Successful requests log at `debug`: at the default `info` that is one level check instead of a
 *   serialized line and a write per request. Client errors log at `info`, server errors at `error`.
 * - Requests serialize to id/method/url only: no header (Authorization!) reaches the log; the
 *   redaction is a second line of defence for code that logs a raw request.
 * - `pretty` (a person at a terminal: `prettyWhenInteractive`) formats lines with pino-pretty, in
 *   pino's transport worker thread; anything else (a pipe, a file, a log shipper) gets JSON.
 */
export function loggerParams(level: LogLevel, options: { pretty?: boolean } = {}): Params {
  return {
    forRoutes: [],
    pinoHttp: {
      level,
      ...(options.pretty && level !== 'silent' && { transport: PRETTY }),
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'authorization'],
        censor: '[redacted]',
      },
    },
  };
}

const PRETTY = {
  target: 'pino-pretty',
  options: { colorize: true, translateTime: 'SYS:standard', ignore: 'pid,hostname' },
};

/** Whether this process writes its log to a terminal. */
export const prettyWhenInteractive = (): boolean => process.stdout.isTTY === true;
