import { JwtService } from '@nestjs/jwt';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDataDirSecret, resolveJwtSecret } from './jwt-secret';

const DAY = 24 * 60 * 60;

describe('resolveJwtSecret', () => {
  let dataDir: string;
  const logger = { warn: jest.fn() };

  beforeEach(() => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-secret-')), 'nested', 'data');
    logger.warn.mockReset();
  });

  afterEach(() => fs.rmSync(path.dirname(path.dirname(dataDir)), { recursive: true, force: true }));

  it('uses AUTH_JWT_SECRET when set, writing and logging nothing', () => {
    const secret = 'k'.repeat(32);
    expect(
      resolveJwtSecret({ authJwtSecret: secret, dataDir, authMaxTokenLifetimeSeconds: DAY }, logger),
    ).toBe(secret);
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('generates an owner-only secret file and logs a working admin token', () => {
    const secret = resolveJwtSecret({ dataDir, authMaxTokenLifetimeSeconds: DAY }, logger);
    const file = path.join(dataDir, 'jwt-secret');

    expect(secret).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(secret);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const message: string = logger.warn.mock.calls[0][0];
    expect(message).toContain('development');
    const token = /token[^:]*: (\S+)$/.exec(message)?.[1] ?? '';
    const claims = new JwtService({ secret }).verify(token, { algorithms: ['HS256'] });
    expect(claims).toMatchObject({ sub: 'dev-admin', roles: ['admin'] });
    expect(claims.exp - claims.iat).toBe(24 * 60 * 60);
  });

  it('keeps the logged token within a shorter AUTH_MAX_TOKEN_LIFETIME', () => {
    const secret = resolveJwtSecret({ dataDir, authMaxTokenLifetimeSeconds: 3600 }, logger);
    const message: string = logger.warn.mock.calls[0][0];
    expect(message).toContain('valid 1 h');
    const token = /token[^:]*: (\S+)$/.exec(message)?.[1] ?? '';
    const claims = new JwtService({ secret }).verify(token, { algorithms: ['HS256'] });
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it('reuses the file on the next start and tightens a loosened mode', () => {
    const first = resolveJwtSecret({ dataDir, authMaxTokenLifetimeSeconds: DAY }, logger);
    const file = path.join(dataDir, 'jwt-secret');
    fs.chmodSync(file, 0o644);

    expect(resolveJwtSecret({ dataDir, authMaxTokenLifetimeSeconds: DAY }, logger)).toBe(first);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('logs the admin token in a line that needs no quotes to find', () => {
    resolveJwtSecret({ dataDir, authMaxTokenLifetimeSeconds: DAY }, logger);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      /Admin token for dev-admin, valid 24 h: [\w-]+\.[\w-]+\.[\w-]+$/,
    );
  });

  it('reads the generated secret for token tools, and never creates one', () => {
    expect(() => readDataDirSecret(dataDir)).toThrow(/does not exist: start the service once/);
    expect(fs.existsSync(dataDir)).toBe(false);
    const generated = resolveJwtSecret({ dataDir, authMaxTokenLifetimeSeconds: DAY }, logger);
    expect(readDataDirSecret(dataDir)).toBe(generated);
  });

  it('refuses a file holding a short secret', () => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'jwt-secret'), 'short', { mode: 0o600 });
    expect(() => resolveJwtSecret({ dataDir, authMaxTokenLifetimeSeconds: DAY }, logger)).toThrow(
      /shorter than 32 characters/,
    );
    expect(() => readDataDirSecret(dataDir)).toThrow(/shorter than 32 characters/);
  });
});
