import { ConfigError } from './config/app-config';
import { DataDirectoryInUseError } from './stores/data-directory-lock';

/**
 * Runs a process's start-up (api, projector). A failure to start is reported as one line on stderr and
 * the process exits 1: it is the operator's to fix, so the line says what is wrong and no stack follows,
 * unless LOG_LEVEL is debug or trace.
 */
export function runMain(start: () => Promise<void>, env: NodeJS.ProcessEnv = process.env): void {
  start().catch((error: unknown) => {
    const verbose = env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace';
    process.stderr.write(startupFailureLine(error));
    if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });
}

/** What runMain prints for a start-up failure: one line. */
export function startupFailureLine(error: unknown): string {
  if (error instanceof ConfigError) return `Invalid configuration: ${error.problems.join('; ')}\n`;
  if (error instanceof DataDirectoryInUseError) return `Cannot start: ${error.message}\n`;
  const message = error instanceof Error ? error.message : String(error);
  return `Failed to start: ${message.split('\n')[0].trim()}\n`;
}
