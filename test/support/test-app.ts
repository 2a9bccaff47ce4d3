import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createApp, type CreateAppOptions } from '../../apps/api/src/app.factory';
import { signToken, type Role, loadConfig } from '@serial/runtime';

export const TEST_SECRET = 'e2e-secret-with-at-least-thirty-two-characters';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly dataDir: string;
  /** supertest requests carrying a token for `sub` with these roles. */
  as(
    roles: Role[],
    sub?: string,
  ): {
    get: (url: string) => request.Test;
    post: (url: string, body?: object) => request.Test;
    patch: (url: string, body?: object) => request.Test;
    put: (url: string, body?: object) => request.Test;
    delete: (url: string) => request.Test;
  };
  http(): ReturnType<typeof request>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** The real application on the embedded default, in a fresh (or given) data directory, silent. */
export async function startTestApp(
  env: Record<string, string> = {},
  dataDir?: string,
  appOptions: CreateAppOptions = {},
): Promise<TestApp> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'serial-e2e-'));
  const config = loadConfig({ DATA_DIR: dir, AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config, { logger: false, ...appOptions });
  const http = () => request(app.getHttpServer());
  return {
    app,
    dataDir: dir,
    http,
    as(roles, sub = 'clerk-anna') {
      const auth = `Bearer ${signToken(TEST_SECRET, { sub, roles }, '1h')}`;
      return {
        get: (url) => http().get(url).set('Authorization', auth),
        post: (url, body = {}) => http().post(url).set('Authorization', auth).send(body),
        patch: (url, body = {}) => http().patch(url).set('Authorization', auth).send(body),
        put: (url, body = {}) => http().put(url).set('Authorization', auth).send(body),
        delete: (url) => http().delete(url).set('Authorization', auth),
      };
    },
    async close({ keepData = false } = {}) {
      await app.close();
      if (!keepData) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const LAPTOP = {
  id: 'LAPTOP',
  sku: 'LP-15',
  name: 'Laptop 15"',
  type: 'storable',
  tracking: 'serial',
  warrantyMonths: 24,
};

export const serials = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);
