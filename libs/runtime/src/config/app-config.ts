export const APP_CONFIG = Symbol('APP_CONFIG');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type EventStoreConfig =
  { readonly type: 'sqlite' } | { readonly type: 'kurrentdb'; readonly connectionString: string };

export type ReadStoreConfig =
  { readonly type: 'sqlite' } | { readonly type: 'mongodb'; readonly uri: string; readonly database: string };

/** The validated environment (DESIGN.md "Configuration"); built only by `loadConfig`. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** Absolute. */
  readonly dataDir: string;
  readonly eventStore: EventStoreConfig;
  /**
   * Kept even with EVENT_STORE=sqlite: the kurrentdb contract tests read it to decide whether
   * they can run.
   */
  readonly eventStoreConnectionString?: string;
  readonly readStore: ReadStoreConfig;
  readonly projector: 'inline' | 'off';
  /** Unset: a secret is generated into `dataDir` (see auth/jwt-secret.ts). */
  readonly authJwtSecret?: string;
  /** PEM Ed25519 private key signing tree heads; unset: generated into `dataDir` (audit/signing-key.ts). */
  readonly auditSigningKey?: string;
  readonly serialUniqueness: 'product' | 'global';
  readonly logLevel: LogLevel;
  readonly webhooks: WebhookConfig;
  /** Longest `exp − iat` a token may have (API.md "Auth"). */
  readonly authMaxTokenLifetimeSeconds: number;
  /** The headers and body of a request must arrive within this (else 408). */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** Connections beyond this are refused at once. */
  readonly maxConnections: number;
  /** Commands naming more than LARGE_COMMAND_SERIALS serials that may run at once; more is 429. */
  readonly maxLargeCommands: number;
  /** Set: `GET /metrics` needs it as a bearer token. */
  readonly metricsToken?: string;
}

export interface WebhookConfig {
  /** WEBHOOK_ALLOWED_NETWORKS: internal networks webhooks may be delivered to (none by default). */
  readonly allowedNetworks: readonly { address: string; prefix: number; family: 'ipv4' | 'ipv6' }[];
  /**
   * WEBHOOK_SECRET_KEY (base64 of 32 bytes) seals webhook secrets in their events; unset, a key is
   * generated into the data directory. Every process of a deployment needs the same key.
   */
  readonly secretKey?: Buffer;
}

/** Every bad variable at once, so an operator fixes the environment in one round. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
