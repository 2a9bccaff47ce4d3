import { LoggerService } from '@nestjs/common';
import { JwtService, JwtSignOptions } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makePrivateDirectory, OWNER_ONLY_FILE } from '@serial/event-store';
import { AppConfig } from '../config/app-config';
import { Role } from './roles';

export const JWT_SECRET_FILE = 'jwt-secret';
const MIN_SECRET_LENGTH = 32;
const OWNER_ONLY = OWNER_ONLY_FILE;
const DEV_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

export type TokenLifetime = NonNullable<JwtSignOptions['expiresIn']>;

export function signToken(
  secret: string,
  claims: { sub: string; roles: readonly Role[] },
  expiresIn: TokenLifetime,
): string {
  return new JwtService().sign(
    { sub: claims.sub, roles: [...claims.roles] },
    { secret, algorithm: 'HS256', expiresIn },
  );
}

/**
 * AUTH_JWT_SECRET when set. Otherwise the secret kept in `${dataDir}/jwt-secret` (generated on
 * first start, readable by the owner only), and a ready admin token is logged so that a first run
 * works at once (API.md "Auth"). The token keeps the token rules: valid 24 h, or less when
 * AUTH_MAX_TOKEN_LIFETIME is shorter.
 */
export function resolveJwtSecret(
  config: Pick<AppConfig, 'authJwtSecret' | 'dataDir' | 'authMaxTokenLifetimeSeconds'>,
  logger: Pick<LoggerService, 'warn'>,
): string {
  if (config.authJwtSecret !== undefined) return config.authJwtSecret;

  const file = path.join(config.dataDir, JWT_SECRET_FILE);
  const secret = readOrCreateSecret(file);
  const lifetime = Math.min(DEV_TOKEN_LIFETIME_SECONDS, config.authMaxTokenLifetimeSeconds);
  const token = signToken(secret, { sub: 'dev-admin', roles: ['admin'] }, lifetime);
  logger.warn(
    `AUTH_JWT_SECRET is not set, so tokens are signed with the generated secret in ${file}. ` +
      `For development only; set AUTH_JWT_SECRET in production. ` +
      // No quotes: the line stays greppable as it is in the JSON log (README "Quick start").
      `Admin token for dev-admin, valid ${spacedDuration(lifetime)}: ${token}`,
  );
  return secret;
}

/** `24 h`, `30 min`, `90 s`: README "Quick start" greps the line for `valid 24 h`. */
function spacedDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function readOrCreateSecret(file: string): string {
  makePrivateDirectory(path.dirname(file));
  const generated = randomBytes(48).toString('base64url');
  try {
    // 'wx' fails if the file exists, so two processes starting at once cannot overwrite each other.
    fs.writeFileSync(file, `${generated}\n`, { mode: OWNER_ONLY, flag: 'wx' });
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A copied or restored file may have lost its mode; the secret must not stay world-readable.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, OWNER_ONLY);
  return readSecretFile(file);
}

/**
 * The secret the service generated into this data directory, read only: for a tool that signs
 * tokens the service there accepts (`npm run cli -- token`). Never creates one.
 */
export function readDataDirSecret(dataDir: string): string {
  const file = path.join(dataDir, JWT_SECRET_FILE);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${file} does not exist: start the service once on this data directory (it generates the secret there), ` +
        'or name the right one with --data-dir',
    );
  }
  return readSecretFile(file);
}

function readSecretFile(file: string): string {
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `${file} holds a secret shorter than ${MIN_SECRET_LENGTH} characters; delete it to generate a new one`,
    );
  }
  return secret;
}
