/** Readers of one kind of environment value each; a bad value adds a problem and yields the fallback. */
export interface ValueReader {
  integer(name: string, fallback: number, range: { min: number; max: number }): number;
  /** In milliseconds; written `500ms`, `30s`, `15m`, `24h`, `7d`, or plain seconds. */
  duration(name: string, fallbackMs: number, range: { minMs: number; maxMs: number }): number;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d{1,9})(ms|s|m|h|d)?$/;

export function valueReader(read: (name: string) => string | undefined, problems: string[]): ValueReader {
  return {
    integer(name, fallback, { min, max }) {
      const value = read(name);
      if (value === undefined) return fallback;
      const parsed = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
      if (parsed >= min && parsed <= max) return parsed;
      problems.push(`${name}: must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return fallback;
    },
    duration(name, fallbackMs, { minMs, maxMs }) {
      const value = read(name);
      if (value === undefined) return fallbackMs;
      const match = DURATION.exec(value);
      const ms = match ? Number(match[1]) * UNIT_MS[match[2] ?? 's'] : NaN;
      if (ms >= minMs && ms <= maxMs) return ms;
      problems.push(
        `${name}: must be a duration from ${formatDuration(minMs)} to ${formatDuration(maxMs)} ` +
          `(e.g. 30s, 15m, 24h), got ${JSON.stringify(value)}`,
      );
      return fallbackMs;
    },
  };
}

export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0 && ms >= UNIT_MS[unit]) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
