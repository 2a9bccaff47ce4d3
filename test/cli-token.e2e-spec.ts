import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { killHard, startService, type ServiceProcess } from './support/service-process';

const ROOT = path.resolve(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** The README's own lines, run as they are written there. */
const FIND_ADMIN_TOKEN = `grep -o 'Admin token for dev-admin, valid 24 h: [A-Za-z0-9._-]*' service.log | cut -d' ' -f8`;
const REPORTER_TOKEN = 'npm run -s cli -- token --sub report-bot --roles reporter';

/**
 * A newcomer's path (README "Quick start"): the service generates its secret and logs an admin
 * token, the README's grep finds it in the JSON log, and `npm run cli -- token` makes a reporter
 * token for the same service without signing anything by hand.
 */
describe('tokens for people on the embedded default (e2e)', () => {
  let dataDir: string;
  let service: ServiceProcess;
  const shell = async (command: string, cwd: string) =>
    (await promisify(execFile)('bash', ['-c', command], { cwd, env: { ...process.env, DATA_DIR: dataDir } }))
      .stdout;
  const get = (url: string, token: string) =>
    fetch(`${service.url}${url}`, { headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-token-'));
    // No AUTH_JWT_SECRET: the service generates one into the data directory, as on a first start.
    service = await startService(dataDir, { env: { AUTH_JWT_SECRET: '' } });
  });
  afterAll(async () => {
    if (service) await killHard(service);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("finds the admin token in the service's JSON log with the README's command", async () => {
    expect(README).toContain(FIND_ADMIN_TOKEN);
    fs.writeFileSync(path.join(dataDir, 'service.log'), service.output());
    const token = (await shell(FIND_ADMIN_TOKEN, dataDir)).trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await get('/v1/admin/projections', token)).status).toBe(200);
  });

  it('prints a reporter token, and only the token, that this service accepts for reads only', async () => {
    expect(README).toContain(`TOKEN=$(${REPORTER_TOKEN})`);
    const output = await shell(REPORTER_TOKEN, ROOT);
    expect(output).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const token = output.trim();
    expect((await get('/v1/serials?limit=1', token)).status).toBe(200);
    expect((await get('/v1/admin/projections', token)).status).toBe(403);
  });
});
