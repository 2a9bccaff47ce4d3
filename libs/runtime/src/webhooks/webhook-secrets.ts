import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';

export const WEBHOOK_SECRET_KEY_FILE = 'webhook-secret-key';
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * Seals webhook secrets (AES-256-GCM) before they go into a WebhookCreated event: the event log is
 * read by auditors, exported and backed up, and a secret in it would let anyone who reads it forge
 * deliveries. `v1.` + base64url(iv ‖ tag ‖ ciphertext).
 */
export class WebhookSecrets {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`A webhook secret key has ${KEY_BYTES} bytes`);
  }

  /** WEBHOOK_SECRET_KEY, else the key kept in `${dataDir}/webhook-secret-key` (generated on first start). */
  static fromConfig(config: Pick<AppConfig, 'webhooks' | 'dataDir'>): WebhookSecrets {
    return new WebhookSecrets(
      config.webhooks.secretKey ?? readOrCreateKey(path.join(config.dataDir, WEBHOOK_SECRET_KEY_FILE)),
    );
  }

  seal(secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')}`;
  }

  /** Throws when `sealed` was sealed with another key (WEBHOOK_SECRET_KEY differs between processes). */
  unseal(sealed: string): string {
    const [version, payload] = sealed.split('.');
    const bytes = Buffer.from(payload ?? '', 'base64url');
    if (version !== VERSION || bytes.length <= IV_BYTES + TAG_BYTES)
      throw new Error('not a sealed webhook secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error(
        'the webhook secret was sealed with another key: every process needs the same WEBHOOK_SECRET_KEY',
      );
    }
  }
}

function readOrCreateKey(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    const key = randomBytes(KEY_BYTES);
    // 'wx': two processes starting at once on one data directory cannot overwrite each other's key.
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES)
    throw new Error(`${file} does not hold a ${KEY_BYTES}-byte key; restore it or set WEBHOOK_SECRET_KEY`);
  return key;
}
