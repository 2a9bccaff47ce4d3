import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, concatMap, finalize, from, Observable, of, switchMap, throwError } from 'rxjs';
import { REQUEST_USER } from '../auth/auth.decorators';
import { IdempotencyClaimLostError } from '@serial/event-store';
import { idempotentCommands, type AuthenticatedUser, type IdempotentCommandScope } from '@serial/runtime';
import {
  IdempotencyKeyReusedError,
  RequestInProgressError,
  TooManyRequestsError,
} from '../http/application-errors';
import { PROBLEM_CONTENT_TYPE } from '../http/problem';
import { toProblem } from '../http/to-problem';
import { encodeOutcome } from './stored-bytes';
import {
  bodyHash,
  IDEMPOTENCY_KEY_HEADER,
  isSafeMethod,
  parseIdempotencyKey,
  REPLAYED_HEADER,
  requestScope,
  SKIP_IDEMPOTENCY_KEY,
} from './idempotency-request';
import {
  IDEMPOTENCY_STORE,
  MAX_KEYS_PER_USER,
  type ClaimResult,
  type IdempotencyClaim,
  type IdempotencyStore,
  type StoredResponse,
} from './idempotency-store.port';

type KeyedRequest = FastifyRequest & { [REQUEST_USER]?: AuthenticatedUser };

/**
 * Problems that say "try again" are not the request's final answer: remembering them would replay
 * the failure to the very retry they ask for. 5xx are treated the same way.
 */
const RETRYABLE_CODES = new Set(['CONCURRENCY_CONFLICT', 'TOO_MANY_REQUESTS', 'REQUEST_IN_PROGRESS']);

/**
 * `Idempotency-Key` on every state-changing route (API.md "Conventions"), global so that a new
 * command route is covered without code of its own. It runs after the auth guard (keys are scoped
 * by the JWT subject) and before the validation pipe, so the raw body is what gets compared.
 *
 * Exactly once where the store `recordsWithEvents` (the embedded default): the handler runs in an
 * IdempotentCommandScope, so its command's outcome is committed with its events; the answer is
 * recorded just after. A crash between the two leaves the key committed: once its lease runs out, a
 * retry takes it over, the CommandRunner hands back the committed outcome without running the command
 * again, and the route answers from it. Elsewhere (MongoDB beside KurrentDB, which cannot share a
 * transaction) the answer is recorded after the command, and a crash in between lets a retry run it again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<KeyedRequest>();
    if (isSafeMethod(request.method)) return next.handle();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(SKIP_IDEMPOTENCY_KEY, targets)) {
      return next.handle();
    }
    const key = parseIdempotencyKey(request.headers[IDEMPOTENCY_KEY_HEADER]);
    const user = request[REQUEST_USER];
    // No subject, no scope to keep clients apart; every state-changing route is authenticated anyway.
    if (key === undefined || user === undefined) return next.handle();

    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const ref = { userId: user.userId, scope: requestScope(request.method, request.url), key };
    return from(this.store.claim(ref, bodyHash(request.body))).pipe(
      switchMap((result) => {
        switch (result.outcome) {
          case 'claimed':
            return this.execute(result, next, reply);
          case 'replay':
            return of(replay(reply, result.response));
          case 'in_progress':
            throw new RequestInProgressError();
          case 'body_mismatch':
            throw new IdempotencyKeyReusedError();
          case 'too_many_keys':
            throw new TooManyRequestsError(
              `This user holds ${MAX_KEYS_PER_USER} live Idempotency-Keys; retry once the oldest has expired, or send the command without a key`,
              Math.ceil(result.retryAfterMs / 1000),
            );
        }
      }),
    );
  }

  private execute(
    claimed: Extract<ClaimResult, { outcome: 'claimed' }>,
    next: CallHandler,
    reply: FastifyReply,
  ): Observable<unknown> {
    const { claim } = claimed;
    // The command ran in a process that died before answering: the answer is made from its outcome.
    if (claimed.committed) void reply.header(REPLAYED_HEADER, 'true');
    // Renewing keeps a long request (10,000 serials) from looking abandoned; only a dead process
    // stops renewing, and only then may a retry take the key over.
    const heartbeat = setInterval(() => {
      this.store.renew(claim).catch((error: unknown) => this.logger.warn(`Lease renewal failed: ${error}`));
    }, this.store.leaseMs / 3).unref();
    // Subscribed inside the scope, not only created there: interceptors after this one (admission
    // control) call the handler from their own promises' continuations, which keep the context of
    // the subscription.
    const scope = this.commandScope(claimed);
    const handled = new Observable<unknown>((subscriber) =>
      idempotentCommands.run(scope, () => next.handle().subscribe(subscriber)),
    );
    return handled.pipe(
      concatMap(async (body: unknown) => {
        await this.remember(claim, successResponse(reply.statusCode, body));
        return body;
      }),
      catchError((thrown: unknown) => {
        // Another request took the key over while this one ran; its events were not written.
        const error = thrown instanceof IdempotencyClaimLostError ? new RequestInProgressError() : thrown;
        return from(this.settleFailure(claim, error)).pipe(switchMap(() => throwError(() => error)));
      }),
      finalize(() => clearInterval(heartbeat)),
    );
  }

  private commandScope(claimed: Extract<ClaimResult, { outcome: 'claimed' }>): IdempotentCommandScope {
    const { claim } = claimed;
    const recordFor = async (result: unknown) => ({
      ...claim.ref,
      token: claim.token,
      outcome: await encodeOutcome(result),
    });
    return {
      committed: claimed.committed,
      recordFor: this.store.recordsWithEvents ? recordFor : undefined,
      taken: false,
    };
  }

  /**
   * A 400 is not remembered either (API.md): the request never ran, and a repeat is validated
   * again, getting the same 400 — or a 2xx, once a client fixed a bug and kept its key.
   */
  private async settleFailure(claim: IdempotencyClaim, error: unknown): Promise<void> {
    const { problem } = toProblem(error);
    if (problem.status >= 500 || problem.status === 400 || RETRYABLE_CODES.has(problem.code)) {
      return this.forget(claim);
    }
    // The problem filter renders the same document from the same error, so the replay matches it.
    const body = JSON.stringify(problem);
    await this.remember(claim, { status: problem.status, contentType: PROBLEM_CONTENT_TYPE, body });
  }

  /**
   * The request has already done its work: a store failure here must not turn its answer into an
   * error. The key stays in flight until its lease runs out, then a retry runs the request again.
   */
  private async remember(claim: IdempotencyClaim, response: StoredResponse): Promise<void> {
    try {
      await this.store.complete(claim, response);
    } catch (error) {
      this.logger.error(`Could not record the response for an Idempotency-Key: ${error}`);
    }
  }

  private async forget(claim: IdempotencyClaim): Promise<void> {
    try {
      await this.store.release(claim);
    } catch (error) {
      this.logger.error(`Could not release an Idempotency-Key: ${error}`);
    }
  }
}

/** Fastify's own serialisation of what a handler returns, so a replay sends the same bytes. */
function successResponse(status: number, body: unknown): StoredResponse {
  if (body === undefined) return { status, contentType: null, body: null };
  if (typeof body === 'string') return { status, contentType: 'text/plain; charset=utf-8', body };
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}

function replay(reply: FastifyReply, response: StoredResponse): string | undefined {
  void reply.status(response.status).header(REPLAYED_HEADER, 'true');
  if (response.contentType !== null) void reply.header('content-type', response.contentType);
  return response.body ?? undefined;
}
