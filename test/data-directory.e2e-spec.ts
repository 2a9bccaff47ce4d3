import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signToken } from '@serial/runtime';
import { LAPTOP, startTestApp } from './support/test-app';

/** Every directory (`dir 700`) and file (`600`) under `root`, with its permission bits. */
function modes(root: string): Record<string, string> {
  const mode = (full: string) => {
    const stat = fs.statSync(full);
    return `${stat.isDirectory() ? 'dir ' : ''}${(stat.mode & 0o777).toString(8)}`;
  };
  const found: Record<string, string> = { '.': mode(root) };
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      found[path.relative(root, full)] = mode(full);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(root);
  return found;
}

describe('data directory permissions (e2e)', () => {
  let parent: string;
  beforeAll(() => (parent = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-modes-'))));
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

  it('creates the data directory 0700 and every file in it 0600, and tightens loosened files', async () => {
    const dataDir = path.join(parent, 'data');
    // No AUTH_JWT_SECRET: the service generates its secret into the data directory.
    const t = await startTestApp({ AUTH_JWT_SECRET: '' }, dataDir);
    let found: Record<string, string>;
    try {
      const secret = fs.readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim();
      const admin = `Bearer ${signToken(secret, { sub: 'admin', roles: ['admin'] }, '1h')}`;
      const post = (url: string) => t.http().post(url).set('Authorization', admin);
      await post('/v1/products').set('Idempotency-Key', 'k-1').send(LAPTOP).expect(201);
      await post('/v1/admin/projections/rebuild').expect(202);
      // While it runs: the -wal and -shm files go when the last connection closes.
      found = modes(dataDir);
    } finally {
      await t.close({ keepData: true });
    }

    // Events and idempotency keys (with -wal and -shm), the read models' generation and pointer, the JWT secret.
    for (const name of ['events.sqlite', 'jwt-secret', 'read-models/ACTIVE']) {
      expect(found).toHaveProperty([name]);
    }
    expect(Object.keys(found).some((name) => name.endsWith('-wal'))).toBe(true);
    for (const [name, mode] of Object.entries(found)) {
      expect(`${name} ${mode}`).toBe(`${name} ${mode.startsWith('dir') ? 'dir 700' : '600'}`);
    }

    fs.chmodSync(path.join(dataDir, 'events.sqlite'), 0o644);
    fs.chmodSync(path.join(dataDir, 'jwt-secret'), 0o664);
    const again = await startTestApp({ AUTH_JWT_SECRET: '' }, dataDir);
    await again.close({ keepData: true });
    expect(modes(dataDir)['events.sqlite']).toBe('600');
    expect(modes(dataDir)['jwt-secret']).toBe('600');
  });
});
