import * as fs from 'node:fs';
import type { AppConfig } from './config/app-config';

/** A start-up failure whose message says what to fix, in one line. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/**
 * Creates DATA_DIR when missing and checks that it is a directory the process can write, before any
 * store opens a file in it, so a wrong DATA_DIR is named as such rather than as a failing mkdir deep in
 * a store.
 */
export function prepareDataDirectory(dir: string): void {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    throw new StartupError(`DATA_DIR ${dir} is not a directory`);
  }
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StartupError(`DATA_DIR ${dir} cannot be created: ${reason(error)}`, { cause: error });
  }
  try {
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw new StartupError(`DATA_DIR ${dir} is not writable by this process: ${reason(error)}`, {
      cause: error,
    });
  }
}

/** The failure of binding HOST:PORT, named for the setting to change. */
export function listenError(error: unknown, config: Pick<AppConfig, 'host' | 'port'>): Error {
  const { code } = error as NodeJS.ErrnoException;
  const at = `${config.host}:${config.port}`;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`HOST ${config.host} is not a name this machine can resolve (${code})`, {
        cause: error,
      });
    case 'EADDRNOTAVAIL':
      return new StartupError(`HOST ${config.host} is not an address of this machine (${code})`, {
        cause: error,
      });
    case 'EADDRINUSE':
      return new StartupError(
        `PORT ${config.port} is already in use on ${config.host} (${code}); choose a free one`,
        {
          cause: error,
        },
      );
    case 'EACCES':
      return new StartupError(`No permission to listen on ${at} (${code}); use a port from 1024`, {
        cause: error,
      });
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

/** The ENOTDIR / EACCES part of a file-system error, without the stack. */
function reason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ?? message ?? String(error);
}
