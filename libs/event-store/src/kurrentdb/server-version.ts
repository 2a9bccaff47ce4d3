/** multiStreamAppend, which atomic multi-stream commands need, arrived in KurrentDB 25.1. */
export const MINIMUM_SERVER_VERSION = { major: 25, minor: 1 } as const;

const MINIMUM = `${MINIMUM_SERVER_VERSION.major}.${MINIMUM_SERVER_VERSION.minor}`;

/** Thrown at start when the server cannot run this service's atomic multi-stream appends. */
export class UnsupportedServerVersionError extends Error {
  constructor(readonly serverVersion: string) {
    super(
      /^\d+\.\d+/.test(serverVersion)
        ? `KurrentDB ${serverVersion} is too old: this service needs KurrentDB ${MINIMUM} or later for atomic multi-stream appends`
        : `The server did not report a KurrentDB version (is it KurrentDB? EventStoreDB before 21.10 reports none): this service needs KurrentDB ${MINIMUM} or later for atomic multi-stream appends`,
    );
    this.name = 'UnsupportedServerVersionError';
  }
}

/** `reported` is the server's own version string, e.g. "25.1.0.2001"; the client says "unknown" when it has none. */
export function assertSupportedServerVersion(reported: string): void {
  const match = /^(\d+)\.(\d+)/.exec(reported.trim());
  if (!match) throw new UnsupportedServerVersionError(reported);
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const supported =
    major > MINIMUM_SERVER_VERSION.major ||
    (major === MINIMUM_SERVER_VERSION.major && minor >= MINIMUM_SERVER_VERSION.minor);
  if (!supported) throw new UnsupportedServerVersionError(reported);
}
