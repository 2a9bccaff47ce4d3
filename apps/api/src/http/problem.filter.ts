import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationFailedError } from './application-errors';
import type { ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, ProblemDocument } from './problem';
import { toProblem, type MappedProblem } from './to-problem';
import { echoed } from './echo';

const PROBLEM_CODE = Symbol('problemCode');

/** The raw response, marked with the code of the problem it answered (for metrics). */
type AnsweredResponse = ServerResponse & { [PROBLEM_CODE]?: string };

/** The code of the problem document a response carried, if it carried one. */
export function problemCodeOf(raw: ServerResponse): string | undefined {
  return (raw as AnsweredResponse)[PROBLEM_CODE];
}

/** The one place errors become HTTP responses (STYLE.md): every failure leaves as problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { problem, serverFault, retryAfterSeconds } = toProblem(exception);
    const response = host.switchToHttp().getResponse<FastifyReply | ServerResponse>();
    const raw = 'raw' in response ? response.raw : response;
    if (serverFault) {
      // With its stack and the request (id, method, url), so that it can be matched with the request's
      // own line (logRequests) and the X-Request-Id the client saw.
      const err = exception instanceof Error ? exception : new Error(String(exception));
      const request = host.switchToHttp().getRequest<object>();
      this.logger.error({ err, req: request }, 'Request failed with an unexpected error');
    }
    send(response, raw, problem, retryAfterSeconds);
  }
}

/**
 * Fastify answers a malformed URL (`%E0%A4%A`) or an over-long path parameter itself, before any
 * route or Nest filter runs, as plain JSON; as FastifyAdapter's `frameworkErrors` this makes them
 * 400 VALIDATION_FAILED problems like every other malformed id or serial.
 */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const invalid = new ValidationFailedError([{ field: 'path', message: echoed(error.message) }]);
  const { problem } = toProblem(error.statusCode !== undefined && error.statusCode < 500 ? invalid : error);
  send(reply, reply.raw, problem);
}

/** For hooks that answer before any route runs (authentication, media type). */
export function replyWithProblem(reply: FastifyReply, mapped: MappedProblem): void {
  send(reply, reply.raw, mapped.problem, mapped.retryAfterSeconds);
}

/** Errors raised in middleware reach the filter with Node's raw response rather than Fastify's reply. */
function send(
  response: FastifyReply | ServerResponse,
  raw: ServerResponse,
  problem: ProblemDocument,
  retryAfterSeconds?: number,
): void {
  (raw as AnsweredResponse)[PROBLEM_CODE] = problem.code;
  const body = JSON.stringify(problem);
  const headers = {
    'content-type': PROBLEM_CONTENT_TYPE,
    ...(problem.status === 401 && { 'www-authenticate': 'Bearer' }),
    // Store outages and a lagging read model are usually brief: tell clients to retry soon.
    ...(problem.status === 503 && { 'retry-after': '1' }),
    ...(problem.status === 429 && { 'retry-after': String(retryAfterSeconds ?? 1) }),
  };
  if ('raw' in response) {
    if (!response.sent) void response.status(problem.status).headers(headers).send(body);
    return;
  }
  if (raw.headersSent) return;
  raw.statusCode = problem.status;
  for (const [name, value] of Object.entries(headers)) raw.setHeader(name, value);
  raw.end(body);
}
