import { ApplicationError } from '@serial/runtime';

/** 503: the identity provider's keys cannot be fetched, and the token's key is not cached. */
export class AuthUnavailableError extends ApplicationError {
  readonly code = 'AUTH_UNAVAILABLE';

  constructor(detail: string) {
    super(detail);
    this.name = 'AuthUnavailableError';
  }
}
