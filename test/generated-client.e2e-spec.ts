import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { signToken } from '@serial/runtime';
import { startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

const run = promisify(execFile);
const PROGRAM = path.resolve(__dirname, 'generated-client/walk-through.ts');
const MODULES = path.resolve(__dirname, '../node_modules');
// openapi-typescript's bin, by path: its exports map ./bin/cli.js to a file that does not exist.
const GENERATOR = path.join(path.dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js');
const CLIENT_TYPES = require.resolve('openapi-fetch').replace(/index\.cjs$/, 'index.d.cts');

type Document = object;
type Broken = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * An ERP team's way in (issue 17): generate a TypeScript client from /docs-json with a well-kept
 * generator (openapi-typescript + openapi-fetch), compile a program against it, run it against the
 * service. The program is the README walk-through: receive, deliver, a refusal branched on `code`,
 * a history read with X-Min-Position.
 */
describe('a client generated from the served OpenAPI document (e2e)', () => {
  let t: TestApp;
  let dir: string;
  let document: Document;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    document = (await t.http().get('/docs-json').expect(200)).body;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-client-'));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Generates `schema.d.ts` from `doc` into a folder of its own, next to a copy of the program. */
  async function generate(name: string, doc: Document): Promise<string> {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'openapi.json'), JSON.stringify(doc));
    await run(process.execPath, [
      GENERATOR,
      path.join(folder, 'openapi.json'),
      '-o',
      path.join(folder, 'schema.d.ts'),
    ]);
    fs.copyFileSync(PROGRAM, path.join(folder, 'walk-through.ts'));
    return folder;
  }

  let previous: ts.Program | undefined;
  /** The type errors of the program against the schema in `folder` (the second compile reuses the libs). */
  function compile(folder: string, emit = false): string[] {
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: !emit,
      outDir: folder,
      esModuleInterop: true,
      skipLibCheck: true,
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      typeRoots: [path.join(MODULES, '@types')],
      baseUrl: folder,
      paths: { 'openapi-fetch': [CLIENT_TYPES] },
    };
    const program = ts.createProgram([path.join(folder, 'walk-through.ts')], options, undefined, previous);
    previous = program;
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...(emit ? program.emit().diagnostics : [])];
    return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  }

  it('compiles the walk-through against it and runs it against the service', async () => {
    const folder = await generate('served', document);
    expect(compile(folder, true)).toEqual([]);

    const token = (sub: string, role: 'admin' | 'operator' | 'reporter') =>
      signToken(TEST_SECRET, { sub, roles: [role] }, '1h');
    const { stdout } = await run(process.execPath, [path.join(folder, 'walk-through.js')], {
      env: {
        ...process.env,
        NODE_PATH: MODULES,
        BASE_URL: await t.app.getUrl(),
        ADMIN_TOKEN: token('admin-1', 'admin'),
        OPERATOR_TOKEN: token('clerk-anna', 'operator'),
        REPORTER_TOKEN: token('report-bot', 'reporter'),
      },
    });
    expect(JSON.parse(stdout)).toEqual({
      received: ['SN-0098 available WH/Stock', 'SN-0099 available WH/Stock', 'SN-0100 available WH/Stock'],
      refusal: 'not at the location: SN-0098',
      history: [
        'SerialReceived Partners/Vendors -> WH/Stock BILL-7 by clerk-anna',
        'SerialDelivered WH/Stock -> Partners/Customers INV-1001 by clerk-anna',
      ],
      view: { customerId: 'CUST-42', warrantyActive: true, status: 'out_of_stock' },
    });
  });

  it('does not compile once a schema or a code the program relies on is missing', async () => {
    const broken: Broken = JSON.parse(JSON.stringify(document));
    // The history answer without its schema (the generator refuses unused components: drop them too).
    broken.paths['/v1/products/{productId}/serials/{serialNumber}/history'].get.responses['200'] = {
      description: 'OK',
    };
    delete broken.components.schemas.SerialHistoryDto;
    delete broken.components.schemas.HistoryEntryDto;
    // The trace answer holds history entries too: without it, as unused.
    broken.paths['/v1/trace'].get.responses['200'] = { description: 'OK' };
    delete broken.components.schemas.TracePageDto;
    delete broken.components.schemas.TraceItemDto;
    // The deliver refusal without SERIAL_NOT_AT_LOCATION.
    const conflict =
      broken.paths['/v1/serials/deliver'].post.responses['409'].content['application/problem+json'];
    const code = conflict.schema.allOf[1].properties.code;
    code.enum = code.enum.filter((c: string) => c !== 'SERIAL_NOT_AT_LOCATION');
    delete conflict.examples.SERIAL_NOT_AT_LOCATION;

    const errors = compile(await generate('broken', broken));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/'"SERIAL_NOT_AT_LOCATION"' is not comparable/),
        expect.stringMatching(/'history' is possibly 'undefined'/),
      ]),
    );
  });
});
