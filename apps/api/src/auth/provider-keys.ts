import type { LoggerService } from '@nestjs/common';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwksCache,
  type FlattenedJWSInput,
  type JWKSCacheInput,
  type JWSHeaderParameters,
  type KeyLike,
} from 'jose';
import { AuthUnavailableError } from './auth-unavailable.error';

export interface ProviderKeyOptions {
  readonly jwksUrl: string;
  /** No fetch within this after one succeeded: a token naming an unknown `kid` meanwhile is refused. */
  readonly cooldownMs?: number;
  /** Keys older than this are fetched again before use (a key the provider withdrew stops working). */
  readonly cacheMaxAgeMs?: number;
  /** A fetch that has not answered by then has failed. */
  readonly timeoutMs?: number;
  /** No fetch within this after one failed: meanwhile only the keys already known are used. */
  readonly retryAfterFailureMs?: number;
}

type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<KeyLike>;

/** API.md: an unknown `kid` is fetched again "at most every 30 s". */
const COOLDOWN_MS = 30_000;
const CACHE_MAX_AGE_MS = 10 * 60_000;
const TIMEOUT_MS = 5_000;
const RETRY_AFTER_FAILURE_MS = 5_000;
const UNAVAILABLE =
  "The identity provider's keys cannot be fetched and this token's key is not known; retry later";

/**
 * The identity provider's signing keys, as jose's remote JWKS keeps them (cached, fetched again for
 * an unknown `kid` after the cooldown), with two additions for an outage: keys fetched before keep
 * working however old they are, and a failed fetch is not retried by every request (jose would).
 */
export class ProviderKeys {
  private readonly remote: ReturnType<typeof createRemoteJWKSet>;
  /** jose writes every fetched key set here (`uat`, `jwks`). */
  private readonly lastFetched: JWKSCacheInput = {} as JWKSCacheInput;
  private known?: { readonly fetchedAt: number; readonly keys: KeyResolver };
  private failedAt?: number;
  private readonly retryAfterFailureMs: number;
  private readonly source: string;

  constructor(
    options: ProviderKeyOptions,
    private readonly logger: Pick<LoggerService, 'warn' | 'log'>,
  ) {
    const url = new URL(options.jwksUrl);
    this.source = `${url.origin}${url.pathname}`;
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? RETRY_AFTER_FAILURE_MS;
    this.remote = createRemoteJWKSet(url, {
      cooldownDuration: options.cooldownMs ?? COOLDOWN_MS,
      cacheMaxAge: options.cacheMaxAgeMs ?? CACHE_MAX_AGE_MS,
      timeoutDuration: options.timeoutMs ?? TIMEOUT_MS,
      headers: { 'user-agent': 'serial-tracking-api' },
      [jwksCache]: this.lastFetched,
    });
  }

  /** For jose's jwtVerify. */
  readonly resolve: KeyResolver = async (header, token) => {
    if (this.failedAt !== undefined && Date.now() < this.failedAt + this.retryAfterFailureMs) {
      return this.fromKnownKeys(header, token);
    }
    try {
      const key = await this.remote(header, token);
      this.recovered();
      return key;
    } catch (error) {
      if (!isFetchFailure(error)) throw error;
      this.failed(error);
      return this.fromKnownKeys(header, token);
    }
  };

  /** Fetches the keys now (at start); a failure is logged and left to the first request to retry. */
  async load(): Promise<void> {
    try {
      await this.remote.reload();
      this.recovered();
    } catch (error) {
      this.failed(error);
    }
  }

  private async fromKnownKeys(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<KeyLike> {
    const { uat, jwks } = this.lastFetched;
    if (uat === undefined) throw new AuthUnavailableError(UNAVAILABLE);
    if (this.known?.fetchedAt !== uat) this.known = { fetchedAt: uat, keys: createLocalJWKSet(jwks) };
    try {
      return await this.known.keys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) throw new AuthUnavailableError(UNAVAILABLE);
      throw error;
    }
  }

  private failed(error: unknown): void {
    if (this.failedAt === undefined) {
      this.logger.warn(
        `The identity provider's keys cannot be fetched from ${this.source} (${reasonOf(error)}); ` +
          'tokens whose key is not cached get 503 AUTH_UNAVAILABLE until it answers',
      );
    }
    this.failedAt = Date.now();
  }

  private recovered(): void {
    if (this.failedAt === undefined) return;
    this.failedAt = undefined;
    this.logger.log(`The identity provider's keys are fetched from ${this.source} again`);
  }
}

/**
 * What jose throws when the key set could not be had: a timeout, a non-200 or non-JSON answer
 * (its generic error), a malformed set, or a network error (not a JOSEError at all). A token whose
 * `kid` is not in a set that was fetched is a JWKSNoMatchingKey: that token is refused (401).
 */
function isFetchFailure(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error.code === errors.JOSEError.code
  );
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
