import { setTimeout as sleep } from 'node:timers/promises';
import type { Rejection } from './row-validation';

/** What a command's answer means for the rows it carried. */
export type CommandOutcome =
  | { readonly kind: 'accepted'; readonly replayed: boolean }
  /** Named serials broke a rule; the command changed nothing, so the others may be sent again. */
  | { readonly kind: 'serials-rejected'; readonly bySerial: ReadonlyMap<string, Rejection> }
  /** The command as a whole is wrong (unknown product or location, …): every row of it is refused. */
  | { readonly kind: 'batch-rejected'; readonly rejection: Rejection };

type Classified = CommandOutcome | { kind: 'retry'; reason: string } | { kind: 'fatal'; message: string };

/** The import cannot go on (a bad token, the wrong URL, a server that stays down); a rerun resumes it. */
export class ImportFailedError extends Error {}

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 250, maxDelayMs: 10_000 };

interface Problem {
  code?: string;
  detail?: string;
  serialNumbers?: string[];
  errors?: { serialNumber?: string; code?: string; message?: string; field?: string }[];
}

/** Answers that say "later" rather than "no": the same request, with the same key, may succeed. */
const RETRY_CODES = new Set([
  'REQUEST_IN_PROGRESS',
  'CONCURRENCY_CONFLICT',
  'READ_MODEL_BEHIND',
  'STORE_UNAVAILABLE',
]);

export function classifyResponse(
  status: number,
  problem: Problem | undefined,
  replayed: boolean,
): Classified {
  if (status >= 200 && status < 300) return { kind: 'accepted', replayed };
  const code = problem?.code;
  const said = `${status}${code ? ` ${code}` : ''}${problem?.detail ? `: ${problem.detail}` : ''}`;
  if (status >= 500 || status === 408 || status === 429 || (code && RETRY_CODES.has(code))) {
    return { kind: 'retry', reason: said };
  }
  if (status === 401 || status === 403) {
    return {
      kind: 'fatal',
      message: `The service refused the token (${said}). Give a valid token with the operator role in --token or SERIAL_API_TOKEN.`,
    };
  }
  if (code === 'IDEMPOTENCY_KEY_REUSED') {
    return {
      kind: 'fatal',
      message: `The service remembers this batch with another body (${said}): the import was started by another version of this CLI; finish it with that version, or wait 24 h.`,
    };
  }
  // No problem document, or a route that does not exist: this is not the serial API we expect.
  if (code === undefined || status === 404 || status === 413 || status === 415) {
    return { kind: 'fatal', message: `Unexpected answer from the service (${said}); is --url right?` };
  }
  const bySerial = new Map<string, Rejection>();
  for (const error of problem?.errors ?? []) {
    if (error.serialNumber !== undefined) {
      bySerial.set(error.serialNumber, {
        code: error.code ?? code,
        message: error.message ?? problem?.detail ?? code,
      });
    }
  }
  const named = problem?.serialNumbers ?? [];
  for (const serial of named) {
    if (!bySerial.has(serial))
      bySerial.set(serial, { code, message: sameRuleMessage(problem, named, serial) });
  }
  if (bySerial.size > 0) return { kind: 'serials-rejected', bySerial };
  const fieldErrors = (problem?.errors ?? []).map((e) => `${e.field ?? ''} ${e.message ?? ''}`.trim());
  const message = [problem?.detail ?? code, ...fieldErrors].join('; ');
  return { kind: 'batch-rejected', rejection: { code, message } };
}

export interface ApiClientOptions {
  readonly url: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  readonly retry?: RetryPolicy;
  readonly requestTimeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Told before each retry, so that a clerk sees why nothing moves. */
  readonly onRetry?: (retry: RetryNotice) => void;
}

export interface RetryNotice {
  readonly attempt: number;
  readonly attempts: number;
  readonly delayMs: number;
  readonly reason: string;
}

/** POSTs commands, retrying (with the same key) whatever a retry may fix, a bounded number of times. */
export class ApiClient {
  private readonly fetch: typeof fetch;
  private readonly retry: RetryPolicy;
  private readonly baseUrl: string;

  constructor(private readonly options: ApiClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.baseUrl = options.url.replace(/\/+$/, '');
  }

  async sendCommand(path: string, body: object, idempotencyKey: string): Promise<CommandOutcome> {
    let reason = '';
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (attempt > 1) {
        const delayMs = this.delay(attempt - 1);
        this.options.onRetry?.({ attempt, attempts: this.retry.attempts, delayMs, reason });
        await sleep(delayMs, undefined, { signal: this.options.signal });
      }
      const result = await this.attempt(path, body, idempotencyKey);
      if (result.kind === 'fatal') throw new ImportFailedError(result.message);
      if (result.kind !== 'retry') return result;
      reason = result.reason;
    }
    throw new ImportFailedError(
      `The service did not accept a batch after ${this.retry.attempts} attempts (last: ${reason}); rerun the same command to resume.`,
    );
  }

  private async attempt(path: string, body: object, key: string): Promise<Classified> {
    const signals = [AbortSignal.timeout(this.options.requestTimeoutMs ?? 120_000)];
    if (this.options.signal) signals.push(this.options.signal);
    try {
      const response = await this.fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
      const text = await response.text();
      const problem = response.ok ? undefined : parseProblem(text);
      return classifyResponse(
        response.status,
        problem,
        response.headers.get('idempotent-replayed') === 'true',
      );
    } catch (error) {
      // Our own abort ends the import; a timeout or a dropped connection is worth another try.
      if (this.options.signal?.aborted) throw this.options.signal.reason;
      return { kind: 'retry', reason: `${(error as Error).message}${causeOf(error)}` };
    }
  }

  private delay(retry: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (retry - 1));
    // Jitter, so that several clerks' imports retrying after one outage do not hit the service in step.
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
}

function parseProblem(text: string): Problem | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Problem) : undefined;
  } catch {
    return undefined;
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause ? ` (${cause.code ?? cause.message})` : '';
}

/**
 * The service's detail speaks of the first serial it names (and counts the others); each other row gets
 * a message naming its own serial, never the first one's words as if they were its own.
 */
function sameRuleMessage(problem: Problem | undefined, named: readonly string[], serial: string): string {
  const code = problem?.code ?? 'REFUSED';
  const first = (problem?.detail ?? code).replace(/; \d+ more serial numbers were rejected too$/, '');
  if (serial === named[0]) return first;
  return `Serial number ${serial} was refused with ${code}, like ${named[0]}: ${first}`;
}
