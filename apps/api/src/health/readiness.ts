import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import type { EventStore } from '@serial/event-store';

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** One dependency `/health/ready` reports on; `check` throws when the dependency cannot serve. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export type ReadinessReport = {
  readonly status: 'ready' | 'unavailable';
  readonly checks: Readonly<Record<string, 'up' | 'down'>>;
};

/** A hung store must not hang the probe: a check that takes longer counts as down. */
export const CHECK_TIMEOUT_MS = 2_000;

export function eventStoreCheck(eventStore: Pick<EventStore, 'ping'>): ReadinessCheck {
  return { name: 'eventStore', check: () => eventStore.ping() };
}

/**
 * Terminus runs the checks (each one an indicator, up or down); the answer keeps docs/api.md's own
 * shape rather than terminus's `{ status, info, error, details }`. Terminus does not time indicators
 * out, so each check races its own timeout.
 */
@Injectable()
export class Readiness {
  /** A seam for tests. */
  timeoutMs = CHECK_TIMEOUT_MS;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: readonly ReadinessCheck[],
  ) {}

  async report(): Promise<ReadinessReport> {
    const result = await this.health
      .check(this.checks.map((check) => () => this.indicate(check)))
      .catch(resultInside);
    const checks = Object.fromEntries(
      this.checks.map(({ name }) => [name, result.details[name]?.status === 'up' ? 'up' : 'down'] as const),
    );
    const ready = Object.values(checks).every((status) => status === 'up');
    return { status: ready ? 'ready' : 'unavailable', checks };
  }

  private async indicate({ name, check }: ReadinessCheck): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(name);
    return (await passes(check, this.timeoutMs)) ? indicator.up() : indicator.down();
  }
}

/** On any check down, terminus throws its 503 with the whole result inside. */
function resultInside(error: unknown): HealthCheckResult {
  if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
  throw error;
}

async function passes(check: () => Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([check().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
