import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Global,
  Inject,
  Injectable,
  Module,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { finalize, from, switchMap, type Observable } from 'rxjs';
import { movementStreamId, PRINTABLE_TEXT_PATTERN } from '@serial/domain';
import { EVENT_STORE, type EventStore } from '@serial/event-store';
import { APP_CONFIG, type AppConfig } from '@serial/runtime';
import { TooManyRequestsError } from './application-errors';
import { ApiProblems } from './problem.openapi';
import { evolveMovementDocument, type MovementDocument } from '@serial/read-models';

/** API.md "Load limits": a command naming more serials than this is large. */
export const LARGE_COMMAND_SERIALS = 1000;
/** A large command takes a second or two: about when a slot is free again. */
const RETRY_AFTER_SECONDS = 2;
const SERIALS_NAMED = 'largeCommands:serialsNamed';

/** How a route's command names its serials: in its body (a list or a range), or in its movement's lines. */
export type SerialsNamed = 'body' | 'movement';

/**
 * At most MAX_LARGE_COMMANDS large commands run at once in this process; each holds its slot until
 * its answer. Small commands are never counted nor refused.
 */
@Injectable()
export class LargeCommandSlots {
  private running = 0;
  readonly limit: number;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'maxLargeCommands'>) {
    this.limit = config.maxLargeCommands;
  }

  /** A release for the slot taken, or undefined when every slot is taken. */
  take(): (() => void) | undefined {
    if (this.running >= this.limit) return undefined;
    this.running += 1;
    let released = false;
    return () => {
      if (!released) this.running -= 1;
      released = true;
    };
  }
}

/**
 * Admission control before the body is validated (interceptors run before pipes): a large command
 * beyond the limit is 429 TOO_MANY_REQUESTS with Retry-After at once, having cost one look at the
 * body and written nothing. It runs after the idempotency interceptor, so a replay of a large
 * command is answered whatever the load, and the 429 is not remembered as its answer.
 */
@Injectable()
export class LargeCommandInterceptor implements NestInterceptor {
  constructor(
    private readonly slots: LargeCommandSlots,
    private readonly reflector: Reflector,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const targets = [context.getHandler(), context.getClass()];
    const named =
      this.reflector.getAllAndOverride<SerialsNamed | undefined>(SERIALS_NAMED, targets) ?? 'body';
    const request = context.switchToHttp().getRequest<{ body?: unknown; params: Record<string, string> }>();
    return from(this.serialCount(named, request)).pipe(
      switchMap((serials) => {
        if (serials <= LARGE_COMMAND_SERIALS) return next.handle();
        const release = this.slots.take();
        if (release === undefined) {
          throw new TooManyRequestsError(
            `${this.slots.limit} commands of more than ${LARGE_COMMAND_SERIALS} serials are running; retry shortly`,
            RETRY_AFTER_SECONDS,
          );
        }
        return next.handle().pipe(finalize(release));
      }),
    );
  }

  private async serialCount(
    named: SerialsNamed,
    request: { body?: unknown; params: Record<string, string> },
  ) {
    if (named === 'body') return serialsInBody(request.body);
    // A malformed id is the pipe's to refuse; it names no movement, so no serials.
    const movementId = request.params.movementId ?? '';
    if (!PRINTABLE_TEXT_PATTERN.test(movementId) || movementId.length > 64) return 0;
    const events = await this.events.readStream(movementStreamId(movementId));
    const movement = events.reduce<MovementDocument | null>(evolveMovementDocument, null);
    return movement?.lines.reduce((sum, line) => sum + line.serialNumbers.length, 0) ?? 0;
  }
}

/** The serials a body names, as far as one can tell before validating it. */
export function serialsInBody(body: unknown): number {
  if (body === null || typeof body !== 'object') return 0;
  const { serialNumbers, range } = body as { serialNumbers?: unknown; range?: { count?: unknown } };
  const listed = Array.isArray(serialNumbers) ? serialNumbers.length : 0;
  const count = typeof range?.count === 'number' && Number.isFinite(range.count) ? range.count : 0;
  return Math.max(listed, count);
}

/** On a command route: counts its serials against MAX_LARGE_COMMANDS. */
export const AdmitsLargeCommands = (named: SerialsNamed = 'body') =>
  applyDecorators(
    SetMetadata(SERIALS_NAMED, named),
    UseInterceptors(LargeCommandInterceptor),
    ApiProblems({
      code: 'TOO_MANY_REQUESTS',
      detail: `2 commands of more than ${LARGE_COMMAND_SERIALS} serials are running; retry shortly`,
    }),
  );

/** One set of slots for the whole process, whichever module's controller takes one. */
@Global()
@Module({
  providers: [LargeCommandSlots, LargeCommandInterceptor],
  exports: [LargeCommandSlots, LargeCommandInterceptor],
})
export class LargeCommandsModule {}
