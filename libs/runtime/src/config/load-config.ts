import * as path from 'node:path';
import { parseAuditSigningKey } from '../audit/signing-key';
import { parseNetworks } from '../webhooks/address-policy';
import {
  AppConfig,
  ConfigError,
  EventStoreConfig,
  LOG_LEVELS,
  ReadStoreConfig,
  WebhookConfig,
} from './app-config';
import { valueReader, type ValueReader } from './config-values';

type Env = Record<string, string | undefined>;

const MIN_SECRET_LENGTH = 32;
const EVENTSTORE_SCHEMES = ['kurrentdb:', 'kurrentdb+discover:', 'esdb:', 'esdb+discover:'];
const MONGODB_SCHEMES = ['mongodb:', 'mongodb+srv:'];
// MongoDB's own rule for database names, plus its 63-byte limit.
const MONGODB_DB_PATTERN = /^[^/\\. "$*<>:|?\0]{1,63}$/;
// Printable ASCII without spaces: it travels in an Authorization header.
const METRICS_TOKEN_PATTERN = /^[\x21-\x7e]{16,512}$/;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * Validates the environment and returns the typed configuration, or throws one ConfigError naming
 * every bad variable. An empty value counts as unset, as compose files often pass `VAR=` through.
 * Values that may hold credentials (secrets, tokens, connection strings) are never echoed in messages.
 */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);

  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = read(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name}: must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    return fallback;
  };

  const url = (name: string, schemes: readonly string[]): string | undefined => {
    const value = read(name);
    if (value === undefined) return undefined;
    if (!schemes.some((scheme) => value.startsWith(`${scheme}//`))) {
      problems.push(`${name}: must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`);
    }
    return value;
  };

  const port = parsePort(read('PORT'), problems);
  const host = read('HOST') ?? '0.0.0.0';
  const dataDir = path.resolve(read('DATA_DIR') ?? './data');

  const eventStoreType = oneOf('EVENT_STORE', ['sqlite', 'kurrentdb'] as const, 'sqlite');
  const eventStoreConnectionString = url('EVENTSTORE_CONNECTION_STRING', EVENTSTORE_SCHEMES);
  let eventStore: EventStoreConfig = { type: 'sqlite' };
  if (eventStoreType === 'kurrentdb') {
    if (eventStoreConnectionString === undefined) {
      problems.push('EVENTSTORE_CONNECTION_STRING: required when EVENT_STORE=kurrentdb');
    } else {
      eventStore = { type: 'kurrentdb', connectionString: eventStoreConnectionString };
    }
  }

  const readStoreType = oneOf('READ_STORE', ['sqlite', 'mongodb'] as const, 'sqlite');
  const mongodbUri = url('MONGODB_URI', MONGODB_SCHEMES);
  const mongodbDb = read('MONGODB_DB') ?? 'serial_tracking';
  if (!MONGODB_DB_PATTERN.test(mongodbDb)) {
    problems.push(
      `MONGODB_DB: must be 1-63 characters without / \\ . " $ * < > : | ? or spaces, got ${JSON.stringify(mongodbDb)}`,
    );
  }
  let readStore: ReadStoreConfig = { type: 'sqlite' };
  if (readStoreType === 'mongodb') {
    if (mongodbUri === undefined) problems.push('MONGODB_URI: required when READ_STORE=mongodb');
    else readStore = { type: 'mongodb', uri: mongodbUri, database: mongodbDb };
  }

  const authJwtSecret = read('AUTH_JWT_SECRET');
  if (authJwtSecret !== undefined && authJwtSecret.length < MIN_SECRET_LENGTH) {
    problems.push(
      `AUTH_JWT_SECRET: must be at least ${MIN_SECRET_LENGTH} characters, got ${authJwtSecret.length}`,
    );
  }

  const values = valueReader(read, problems);
  const metricsToken = read('METRICS_TOKEN');
  if (metricsToken !== undefined && !METRICS_TOKEN_PATTERN.test(metricsToken)) {
    problems.push(
      `METRICS_TOKEN: must be 16-512 printable ASCII characters without spaces, got ${metricsToken.length} characters`,
    );
  }

  const auditSigningKey = read('AUDIT_SIGNING_KEY');
  if (auditSigningKey !== undefined) {
    try {
      parseAuditSigningKey(auditSigningKey);
    } catch (error) {
      problems.push(`AUDIT_SIGNING_KEY: ${(error as Error).message}`);
    }
  }

  const config: AppConfig = {
    port,
    host,
    dataDir,
    eventStore,
    ...(eventStoreConnectionString !== undefined && { eventStoreConnectionString }),
    readStore,
    projector: oneOf('PROJECTOR', ['inline', 'off'] as const, 'inline'),
    ...(authJwtSecret !== undefined && { authJwtSecret }),
    ...(auditSigningKey !== undefined && { auditSigningKey }),
    serialUniqueness: oneOf('SERIAL_UNIQUENESS', ['product', 'global'] as const, 'product'),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    webhooks: webhookConfig(read, problems),
    authMaxTokenLifetimeSeconds: authMaxTokenLifetimeSeconds(values),
    requestTimeoutMs: values.duration('REQUEST_TIMEOUT', 30_000, { minMs: 1000, maxMs: 10 * MINUTE_MS }),
    keepAliveTimeoutMs: values.duration('KEEP_ALIVE_TIMEOUT', 72_000, { minMs: 1000, maxMs: 10 * MINUTE_MS }),
    maxConnections: values.integer('MAX_CONNECTIONS', 1000, { min: 1, max: 1_000_000 }),
    maxLargeCommands: values.integer('MAX_LARGE_COMMANDS', 2, { min: 1, max: 64 }),
    ...(metricsToken !== undefined && { metricsToken }),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function authMaxTokenLifetimeSeconds(values: ValueReader): number {
  return values.duration('AUTH_MAX_TOKEN_LIFETIME', DAY_MS, { minMs: MINUTE_MS, maxMs: 30 * DAY_MS }) / 1000;
}

/**
 * AUTH_MAX_TOKEN_LIFETIME in seconds as the service reads it, for tools that issue tokens it must
 * accept (`npm run cli -- token`); a bad value throws the ConfigError the service would start with.
 */
export function readAuthMaxTokenLifetime(env: Env): number {
  const problems: string[] = [];
  const read = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const seconds = authMaxTokenLifetimeSeconds(valueReader(read, problems));
  if (problems.length > 0) throw new ConfigError(problems);
  return seconds;
}

function parsePort(value: string | undefined, problems: string[]): number {
  if (value === undefined) return 3000;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (port >= 1 && port <= 65535) return port;
  problems.push(`PORT: must be an integer from 1 to 65535, got ${JSON.stringify(value)}`);
  return 3000;
}

const SECRET_KEY_BYTES = 32;

function webhookConfig(read: (name: string) => string | undefined, problems: string[]): WebhookConfig {
  let allowedNetworks: WebhookConfig['allowedNetworks'] = [];
  try {
    allowedNetworks = parseNetworks(read('WEBHOOK_ALLOWED_NETWORKS') ?? '');
  } catch (error) {
    problems.push(
      `WEBHOOK_ALLOWED_NETWORKS: ${(error as Error).message} (comma-separated, e.g. 10.0.0.0/8,127.0.0.1)`,
    );
  }
  const keyText = read('WEBHOOK_SECRET_KEY');
  if (keyText === undefined) return { allowedNetworks };
  const secretKey = Buffer.from(keyText, 'base64');
  if (secretKey.length !== SECRET_KEY_BYTES || secretKey.toString('base64') !== keyText) {
    problems.push(`WEBHOOK_SECRET_KEY: must be the base64 of ${SECRET_KEY_BYTES} random bytes`);
  }
  return { allowedNetworks, secretKey };
}
