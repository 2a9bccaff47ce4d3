import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError } from '../../api/src/config/app-config';
import { loadConfig } from '../../api/src/config/load-config';
import { exitGracefullyOnSignals } from '../../api/src/shutdown';
import { ProjectorAppModule } from './projector.module';

/**
 * The projector as its own process (DESIGN.md "Shape"), for an api running with PROJECTOR=off.
 * SIGTERM finishes the batch in flight, then exits.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await NestFactory.createApplicationContext(ProjectorAppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  await app.init();
  exitGracefullyOnSignals(app, (message) => app.get(Logger).log(message, 'Main'));
  app.get(Logger).log(`Projector running on ${config.dataDir}`, 'Main');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Invalid configuration:\n${error.problems.map((p) => `  - ${p}\n`).join('')}`);
  } else {
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
