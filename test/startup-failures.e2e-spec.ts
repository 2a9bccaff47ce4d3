import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startExpectingFailure, type FailedStart } from './support/service-process';

/**
 * Start-up failures of the real processes: each is one clear line on stderr and exit status 1, no
 * stack unless LOG_LEVEL=debug, and nothing that says the service started.
 */
describe('start-up failures (e2e, real processes)', () => {
  let dir: string;
  let file: string;
  let taken: net.Server;
  let port: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'startup-'));
    file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => taken?.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const expectOneLine = (result: FailedStart, line: RegExp) => {
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
    expect(result.stdout).not.toMatch(/successfully started|listening on/);
  };

  const data = (name: string) => path.join(dir, name);

  it('names a HOST it cannot resolve and a PORT in use, binding before it says it started', async () => {
    const [host, inUse] = await Promise.all([
      startExpectingFailure({ DATA_DIR: data('1'), HOST: 'not-a-host', PORT: '3999' }),
      startExpectingFailure({ DATA_DIR: data('2'), PORT: String(port) }),
    ]);
    expectOneLine(host, /^Failed to start: HOST not-a-host is not a name this machine can resolve/);
    expectOneLine(inUse, new RegExp(`^Failed to start: PORT ${port} is already in use on 127\\.0\\.0\\.1`));
  });

  it('names a DATA_DIR that is a file, for the api and for the projector', async () => {
    const [api, projector] = await Promise.all([
      startExpectingFailure({ DATA_DIR: file, PORT: '3999' }),
      startExpectingFailure({ DATA_DIR: file }, { app: 'projector' }),
    ]);
    expectOneLine(api, /^Failed to start: DATA_DIR .*a-file is not a directory$/);
    expectOneLine(projector, /^Failed to start: DATA_DIR .*a-file is not a directory$/);
  });

  it('names an event store or read store it cannot reach', async () => {
    const [kurrent, mongo] = await Promise.all([
      startExpectingFailure({
        DATA_DIR: data('3'),
        PORT: '3999',
        EVENT_STORE: 'kurrentdb',
        EVENTSTORE_CONNECTION_STRING: 'kurrentdb://127.0.0.1:1?tls=false',
      }),
      startExpectingFailure({
        DATA_DIR: data('4'),
        PORT: '3999',
        READ_STORE: 'mongodb',
        MONGODB_URI: 'mongodb://127.0.0.1:1',
      }),
    ]);
    expectOneLine(
      kurrent,
      /^Failed to start: Cannot use the KurrentDB server of EVENTSTORE_CONNECTION_STRING/,
    );
    expectOneLine(mongo, /^Failed to start: Cannot use the MongoDB server of MONGODB_URI: .*ECONNREFUSED/);
  });

  it('adds the stack with LOG_LEVEL=debug, and lists bad settings on one line', async () => {
    const [debug, config] = await Promise.all([
      startExpectingFailure({ DATA_DIR: file, LOG_LEVEL: 'debug' }),
      startExpectingFailure({ DATA_DIR: path.join(dir, '5'), PORT: 'abc', READ_STORE: 'nope' }),
    ]);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(
      /^Failed to start: DATA_DIR .* is not a directory\nStartupError: .*\n\s+at /,
    );
    expect(config.code).toBe(1);
    expect(config.stderr).toMatch(/^Invalid configuration: PORT: .*; READ_STORE: .*\n$/);
  });
});
