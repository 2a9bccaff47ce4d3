import type { INestApplicationContext } from '@nestjs/common';

/** Past this, a stuck request or batch does not hold the process: exit non-zero so it is noticed. */
const SHUTDOWN_LIMIT_MS = 30_000;

/**
 * SIGTERM (or SIGINT) closes the application: the HTTP server stops accepting and finishes the
 * requests in flight, the projector finishes its batch, the stores close; then the process exits 0.
 * Nest's own shutdown hooks re-raise the signal instead, which ends the process with 143.
 */
export function exitGracefullyOnSignals(app: INestApplicationContext, log: (message: string) => void): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: finishing in-flight work, then exiting`);
    setTimeout(() => {
      log(`Shutdown took longer than ${SHUTDOWN_LIMIT_MS} ms; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown).once('SIGINT', shutdown);
}
