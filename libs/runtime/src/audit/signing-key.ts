import { LoggerService } from '@nestjs/common';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { keyIdOf } from '@serial/event-store';
import { AppConfig } from '../config/app-config';

export const AUDIT_SIGNING_KEY_FILE = 'audit-signing-key.pem';
const OWNER_ONLY = 0o600;

/**
 * The Ed25519 key that signs tree heads (API.md "Ledger") from its PEM text: a PKCS#8 private key.
 * Throws with a reason that never repeats the key. Environments that cannot hold line breaks may
 * write them as `\n`.
 */
export function parseAuditSigningKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem);
  } catch {
    throw new Error('is not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'a symmetric key'}`);
  }
  return key;
}

/**
 * AUDIT_SIGNING_KEY when set (loadConfig has checked it). Otherwise the key kept in
 * `${dataDir}/audit-signing-key.pem`, generated on first start and readable by the owner only.
 * Every process that serves tree heads must hold the same key: with several hosts, set the variable.
 */
export function resolveAuditSigningKey(
  config: Pick<AppConfig, 'auditSigningKey' | 'dataDir'>,
  logger: Pick<LoggerService, 'log'>,
): KeyObject {
  if (config.auditSigningKey !== undefined) return parseAuditSigningKey(config.auditSigningKey);
  const file = path.join(config.dataDir, AUDIT_SIGNING_KEY_FILE);
  const { key, created } = readOrCreateKey(file);
  logger.log(
    `${created ? 'Generated' : 'Using'} the audit signing key in ${file} (keyId ${keyIdOf(key)}); ` +
      'set AUDIT_SIGNING_KEY to share one key between hosts',
  );
  return key;
}

function readOrCreateKey(file: string): { key: KeyObject; created: boolean } {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx' fails if the file exists, so two processes starting at once cannot overwrite each other.
    fs.writeFileSync(file, pem, { mode: OWNER_ONLY, flag: 'wx' });
    return { key: privateKey, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A copied or restored file may have lost its mode; a private key must not stay readable to others.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, OWNER_ONLY);
  try {
    return { key: parseAuditSigningKey(fs.readFileSync(file, 'utf8')), created: false };
  } catch (error) {
    throw new Error(`${file} ${(error as Error).message}; delete it to generate a new key`);
  }
}
