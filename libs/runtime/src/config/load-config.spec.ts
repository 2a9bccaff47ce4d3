import { generateKeyPairSync } from 'node:crypto';
import * as path from 'node:path';
import { ConfigError } from './app-config';
import { loadConfig } from './load-config';

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const KEY = Buffer.alloc(32, 9);

describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      eventStore: { type: 'sqlite' },
      readStore: { type: 'sqlite' },
      projector: 'inline',
      authMaxTokenLifetimeSeconds: 24 * 60 * 60,
      serialUniqueness: 'product',
      logLevel: 'info',
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      maxConnections: 1000,
      maxLargeCommands: 2,
      webhooks: { allowedNetworks: [] },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: 'var/data',
      EVENT_STORE: 'kurrentdb',
      EVENTSTORE_CONNECTION_STRING: 'kurrentdb://localhost:2113?tls=false',
      READ_STORE: 'mongodb',
      MONGODB_URI: 'mongodb://localhost:27017',
      MONGODB_DB: 'serials',
      PROJECTOR: 'off',
      AUTH_JWT_SECRET: 'x'.repeat(32),
      SERIAL_UNIQUENESS: 'global',
      LOG_LEVEL: 'debug',
      AUTH_MAX_TOKEN_LIFETIME: '8h',
      REQUEST_TIMEOUT: '10s',
      KEEP_ALIVE_TIMEOUT: '5000ms',
      MAX_CONNECTIONS: '200',
      MAX_LARGE_COMMANDS: '4',
      METRICS_TOKEN: 'm'.repeat(24),
      WEBHOOK_ALLOWED_NETWORKS: '10.20.0.0/16, 127.0.0.1',
      WEBHOOK_SECRET_KEY: KEY.toString('base64'),
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('var/data'),
      eventStore: { type: 'kurrentdb', connectionString: 'kurrentdb://localhost:2113?tls=false' },
      eventStoreConnectionString: 'kurrentdb://localhost:2113?tls=false',
      readStore: { type: 'mongodb', uri: 'mongodb://localhost:27017', database: 'serials' },
      projector: 'off',
      authJwtSecret: 'x'.repeat(32),
      authMaxTokenLifetimeSeconds: 8 * 60 * 60,
      serialUniqueness: 'global',
      logLevel: 'debug',
      requestTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 200,
      maxLargeCommands: 4,
      metricsToken: 'm'.repeat(24),
      webhooks: {
        allowedNetworks: [
          { address: '10.20.0.0', prefix: 16, family: 'ipv4' },
          { address: '127.0.0.1', prefix: 32, family: 'ipv4' },
        ],
        secretKey: KEY,
      },
    });
  });

  it('names a webhook network or key that is not one', () => {
    expect(
      problemsOf({ WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0/8,intranet', WEBHOOK_SECRET_KEY: 'c2hvcnQ=' }),
    ).toEqual([
      expect.stringMatching(/^WEBHOOK_ALLOWED_NETWORKS: "intranet" is not an IP address or CIDR network/),
      'WEBHOOK_SECRET_KEY: must be the base64 of 32 random bytes',
    ]);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', AUTH_JWT_SECRET: '', LOG_LEVEL: '' })).toMatchObject({
      port: 3000,
      logLevel: 'info',
    });
    expect(loadConfig({ AUTH_JWT_SECRET: '' }).authJwtSecret).toBeUndefined();
  });

  it.each(['abc', '0', '65536', '-1', '80.5', ' 80', '1e3'])('rejects PORT=%j', (port) => {
    expect(problemsOf({ PORT: port })).toEqual([
      `PORT: must be an integer from 1 to 65535, got ${JSON.stringify(port)}`,
    ]);
  });

  it.each(['1', '65535'])('accepts PORT=%s', (port) => {
    expect(loadConfig({ PORT: port }).port).toBe(Number(port));
  });

  it('requires a connection string for kurrentdb and a URI for mongodb', () => {
    expect(problemsOf({ EVENT_STORE: 'kurrentdb', READ_STORE: 'mongodb' })).toEqual([
      'EVENTSTORE_CONNECTION_STRING: required when EVENT_STORE=kurrentdb',
      'MONGODB_URI: required when READ_STORE=mongodb',
    ]);
  });

  it('keeps the connection string with the sqlite store, for the contract tests', () => {
    const config = loadConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113' });
    expect(config.eventStore).toEqual({ type: 'sqlite' });
    expect(config.eventStoreConnectionString).toBe('esdb://localhost:2113');
  });

  it('never echoes a secret or a connection string', () => {
    const problems = problemsOf({
      AUTH_JWT_SECRET: 'short-secret',
      EVENTSTORE_CONNECTION_STRING: 'http://user:pass@host',
      MONGODB_URI: 'postgres://user:pass@host',
    });
    expect(problems).toEqual([
      'EVENTSTORE_CONNECTION_STRING: must be a URL starting with kurrentdb:// or kurrentdb+discover:// or esdb:// or esdb+discover://',
      'MONGODB_URI: must be a URL starting with mongodb:// or mongodb+srv://',
      'AUTH_JWT_SECRET: must be at least 32 characters, got 12',
    ]);
    expect(problems.join('\n')).not.toMatch(/pass|short-secret/);
  });

  it('takes AUDIT_SIGNING_KEY as a PEM Ed25519 private key, and refuses anything else without echoing it', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });

    expect(loadConfig({ AUDIT_SIGNING_KEY: pem }).auditSigningKey).toBe(pem);
    expect(loadConfig({ AUDIT_SIGNING_KEY: pem.replace(/\n/g, '\\n') }).auditSigningKey).toContain('\\n');
    expect(problemsOf({ AUDIT_SIGNING_KEY: 'not-a-key-secret' })).toEqual([
      'AUDIT_SIGNING_KEY: is not a PEM private key',
    ]);
    expect(problemsOf({ AUDIT_SIGNING_KEY: rsa.toString() })).toEqual([
      'AUDIT_SIGNING_KEY: must be an Ed25519 key, got rsa',
    ]);
  });

  it('lists every bad variable in one error', () => {
    const problems = problemsOf({
      PORT: 'abc',
      EVENT_STORE: 'postgres',
      READ_STORE: 'redis',
      MONGODB_DB: 'a.b',
      PROJECTOR: 'sometimes',
      SERIAL_UNIQUENESS: 'tenant',
      LOG_LEVEL: 'verbose',
    });
    expect(problems).toEqual([
      'PORT: must be an integer from 1 to 65535, got "abc"',
      'EVENT_STORE: must be one of sqlite, kurrentdb, got "postgres"',
      'READ_STORE: must be one of sqlite, mongodb, got "redis"',
      'MONGODB_DB: must be 1-63 characters without / \\ . " $ * < > : | ? or spaces, got "a.b"',
      'PROJECTOR: must be one of inline, off, got "sometimes"',
      'SERIAL_UNIQUENESS: must be one of product, global, got "tenant"',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    ]);
  });

  it.each([
    ['90', 90_000],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1500ms', 1_500],
  ])('reads REQUEST_TIMEOUT=%s as %d ms (plain numbers are seconds)', (value, ms) => {
    expect(loadConfig({ REQUEST_TIMEOUT: value }).requestTimeoutMs).toBe(ms);
  });

  it('reads AUTH_MAX_TOKEN_LIFETIME in any unit, as seconds', () => {
    expect(loadConfig({ AUTH_MAX_TOKEN_LIFETIME: '7d' }).authMaxTokenLifetimeSeconds).toBe(7 * 86_400);
    expect(loadConfig({ AUTH_MAX_TOKEN_LIFETIME: '15m' }).authMaxTokenLifetimeSeconds).toBe(900);
  });

  it('refuses limits that are no number, out of range or in no known unit', () => {
    expect(
      problemsOf({
        AUTH_MAX_TOKEN_LIFETIME: '1e300',
        REQUEST_TIMEOUT: '0',
        KEEP_ALIVE_TIMEOUT: '5 s',
        MAX_CONNECTIONS: '0',
        MAX_LARGE_COMMANDS: '0x10',
      }),
    ).toEqual([
      'AUTH_MAX_TOKEN_LIFETIME: must be a duration from 1m to 30d (e.g. 30s, 15m, 24h), got "1e300"',
      'REQUEST_TIMEOUT: must be a duration from 1s to 10m (e.g. 30s, 15m, 24h), got "0"',
      'KEEP_ALIVE_TIMEOUT: must be a duration from 1s to 10m (e.g. 30s, 15m, 24h), got "5 s"',
      'MAX_CONNECTIONS: must be an integer from 1 to 1000000, got "0"',
      'MAX_LARGE_COMMANDS: must be an integer from 1 to 64, got "0x10"',
    ]);
    expect(problemsOf({ AUTH_MAX_TOKEN_LIFETIME: '31d', MAX_LARGE_COMMANDS: '65' })).toHaveLength(2);
  });

  it('refuses a short METRICS_TOKEN without echoing it', () => {
    const problems = problemsOf({ METRICS_TOKEN: 'short token' });
    expect(problems).toEqual([
      'METRICS_TOKEN: must be 16-512 printable ASCII characters without spaces, got 11 characters',
    ]);
  });

  it('puts every problem in the message', () => {
    expect(() => loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' })).toThrow(
      'Invalid configuration:\n  - PORT: must be an integer from 1 to 65535, got "abc"\n  - LOG_LEVEL:',
    );
  });
});
