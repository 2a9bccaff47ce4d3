import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { keyIdOf } from '@serial/event-store';
import { AUDIT_SIGNING_KEY_FILE, resolveAuditSigningKey } from './signing-key';

describe('resolveAuditSigningKey', () => {
  let dataDir: string;
  const logger = { log: jest.fn() };

  beforeEach(() => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-key-')), 'data');
    logger.log.mockReset();
  });

  afterEach(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('uses AUDIT_SIGNING_KEY when set, writing nothing', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    expect(keyIdOf(resolveAuditSigningKey({ auditSigningKey: pem, dataDir }, logger))).toBe(
      keyIdOf(privateKey),
    );
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('generates an owner-only Ed25519 key file once, then reuses it and tightens a loosened mode', () => {
    const first = resolveAuditSigningKey({ dataDir }, logger);
    const file = path.join(dataDir, AUDIT_SIGNING_KEY_FILE);
    expect(first.asymmetricKeyType).toBe('ed25519');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(logger.log.mock.calls[0][0]).toContain(
      `Generated the audit signing key in ${file} (keyId ${keyIdOf(first)})`,
    );
    fs.chmodSync(file, 0o644);

    expect(keyIdOf(resolveAuditSigningKey({ dataDir }, logger))).toBe(keyIdOf(first));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a key file that holds something else', () => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, AUDIT_SIGNING_KEY_FILE), 'garbage', { mode: 0o600 });

    expect(() => resolveAuditSigningKey({ dataDir }, logger)).toThrow(/is not a PEM private key; delete it/);
  });
});
