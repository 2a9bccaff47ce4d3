import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from './config/app-config';
import { startupFailureLine } from './main-runner';
import { listenError, prepareDataDirectory, StartupError } from './startup';

describe('start-up failures', () => {
  it('are one line: the first of the message, or every configuration problem joined', () => {
    expect(startupFailureLine(new Error('no server\n    at somewhere'))).toBe('Failed to start: no server\n');
    expect(startupFailureLine(new ConfigError(['PORT: bad', 'HOST: worse']))).toBe(
      'Invalid configuration: PORT: bad; HOST: worse\n',
    );
  });

  it('name the setting behind a failure to listen', () => {
    const failed = (code: string) =>
      listenError(Object.assign(new Error(code), { code }), { host: 'h', port: 80 });
    expect(failed('ENOTFOUND').message).toBe('HOST h is not a name this machine can resolve (ENOTFOUND)');
    expect(failed('EADDRINUSE').message).toMatch(/^PORT 80 is already in use on h/);
    expect(failed('EADDRNOTAVAIL').message).toMatch(/^HOST h is not an address of this machine/);
    expect(failed('EACCES').message).toMatch(/^No permission to listen on h:80/);
    expect(failed('EOTHER')).not.toBeInstanceOf(StartupError);
  });

  it('check the data directory before any store opens a file in it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-dir-'));
    try {
      prepareDataDirectory(path.join(dir, 'new', 'data'));
      expect(fs.statSync(path.join(dir, 'new', 'data')).isDirectory()).toBe(true);
      fs.writeFileSync(path.join(dir, 'file'), '');
      expect(() => prepareDataDirectory(path.join(dir, 'file'))).toThrow(/is not a directory$/);
      expect(() => prepareDataDirectory(path.join(dir, 'file', 'below'))).toThrow(
        /cannot be created: ENOTDIR/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
