import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory';
import { ConfigError } from './config/app-config';
import { loadConfig } from './config/load-config';
import { exitGracefullyOnSignals } from './shutdown';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  exitGracefullyOnSignals(app, (message) => app.get(Logger).log(message, 'Main'));
  app.get(Logger).log(`Serial tracking API listening on ${await app.getUrl()} (Swagger UI at /docs)`, 'Main');
}

main().catch((error: unknown) => {
  // A configuration mistake is the operator's to fix: list each problem, no stack trace.
  if (error instanceof ConfigError) {
    process.stderr.write(`Invalid configuration:\n${error.problems.map((p) => `  - ${p}\n`).join('')}`);
  } else {
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
