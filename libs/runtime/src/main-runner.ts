import { ConfigError } from './config/app-config';
import { DataDirectoryInUseError } from './stores/data-directory-lock';

/**
 * Runs a process's start-up (api, projector). A failure to start is reported once on stderr and the
 * process exits 1: a configuration mistake is the operator's to fix, so it lists each problem and no stack.
 */
export function runMain(start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration:\n${error.problems.map((p) => `  - ${p}\n`).join('')}`);
    } else if (error instanceof DataDirectoryInUseError) {
      process.stderr.write(`Cannot start: ${error.message}\n`);
    } else {
      process.stderr.write(
        `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exit(1);
  });
}
