import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, tap, throwError, type Observable } from 'rxjs';
import { toProblem } from '../http/to-problem';
import { ServiceMetrics } from './metrics';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Counts and times every command (the non-read routes), labelled by route and outcome. */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ServiceMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ method: string; routeOptions?: { url?: string } }>();
    if (READS.has(request.method)) return next.handle();
    const command = `${request.method} ${request.routeOptions?.url ?? 'unknown'}`;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    return next.handle().pipe(
      tap(() => this.metrics.recordCommand(command, 'ok', seconds())),
      catchError((error: unknown) => {
        this.metrics.recordCommand(command, toProblem(error).problem.code, seconds());
        return throwError(() => error);
      }),
    );
  }
}
