import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import { READ_MODEL_PROGRESS, type ReadModelProgress } from '@serial/read-models';
import { ReadModelBehindError, ValidationFailedError } from '../http/application-errors';
import { parsePosition } from './integers';

export const MIN_POSITION_HEADER = 'x-min-position';
const MAX_WAIT_MS = 5_000;

/**
 * Read-your-writes (API.md): with `X-Min-Position` the answer waits until the read models hold that
 * position, at most 5 s, then 503 READ_MODEL_BEHIND.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(@Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
      MIN_POSITION_HEADER
    ];
    if (header === undefined) return next.handle();
    const position = typeof header === 'string' ? parsePosition(header) : undefined;
    if (position === undefined) {
      throw new ValidationFailedError([
        { field: 'X-Min-Position', message: 'must be a position (a decimal string that fits in 64 bits)' },
      ]);
    }
    return from(this.progress.waitForPosition(position, MAX_WAIT_MS)).pipe(
      switchMap((reached) => {
        if (!reached) throw new ReadModelBehindError(position.toString());
        return next.handle();
      }),
    );
  }
}

/**
 * For routes answered from the read models. The OpenAPI document finds the interceptor and lists
 * `X-Min-Position` and 503 READ_MODEL_BEHIND for the route (http/openapi-routes.ts).
 */
export const ReadsReadModels = () => UseInterceptors(ReadYourWritesInterceptor);
