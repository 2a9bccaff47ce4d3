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

export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => [name, (await passes(check, timeoutMs)) ? 'up' : 'down'] as const),
  );
  return {
    status: results.every(([, result]) => result === 'up') ? 'ready' : 'unavailable',
    checks: Object.fromEntries(results),
  };
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
