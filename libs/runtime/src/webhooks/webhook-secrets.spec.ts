import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WEBHOOK_SECRET_KEY_FILE, WebhookSecrets } from './webhook-secrets';

describe('webhook secrets', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;

  it('seals a secret so that only the same key opens it', () => {
    const secrets = new WebhookSecrets(randomBytes(32));
    const sealed = secrets.seal(secret);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(secrets.seal(secret)).not.toBe(sealed);
    expect(secrets.unseal(sealed)).toBe(secret);
    expect(() => new WebhookSecrets(randomBytes(32)).unseal(sealed)).toThrow(/WEBHOOK_SECRET_KEY/);
    expect(() => secrets.unseal('garbage')).toThrow(/not a sealed/);
  });

  it('generates a key into the data directory once, readable by the owner only, when none is configured', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-key-'));
    try {
      const first = WebhookSecrets.fromConfig({ dataDir, webhooks: { allowedNetworks: [] } });
      const again = WebhookSecrets.fromConfig({ dataDir, webhooks: { allowedNetworks: [] } });
      expect(again.unseal(first.seal(secret))).toBe(secret);
      expect(fs.statSync(path.join(dataDir, WEBHOOK_SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
