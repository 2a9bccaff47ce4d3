import { BatchFailedError, messageOf, type ProjectorStatus } from './projector-status';

/** Why the projector is stuck, and how long it waits before the next attempt: doubling, capped. */
export class Stall {
  private attempts = 0;
  private current: ProjectorStatus['error'] = null;

  constructor(private readonly delayMs: { readonly initial: number; readonly max: number }) {}

  get error(): ProjectorStatus['error'] {
    return this.current;
  }

  get failedAttempts(): number {
    return this.attempts;
  }

  /** Records a failure and returns the delay before the next attempt. */
  record(error: unknown): number {
    this.attempts += 1;
    const position = error instanceof BatchFailedError ? error.position : null;
    this.current = { message: messageOf(error), position };
    return Math.min(this.delayMs.max, this.delayMs.initial * 2 ** (this.attempts - 1));
  }

  clear(): void {
    this.current = null;
    this.attempts = 0;
  }
}
