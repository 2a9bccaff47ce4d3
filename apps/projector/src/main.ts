import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitGracefullyOnSignals, loadConfig, prepareDataDirectory, runMain } from '@serial/runtime';
import { ProjectorAppModule } from './projector.module';

/**
 * The projector as its own process (DESIGN.md "Shape"), for an api running with PROJECTOR=off.
 * SIGTERM finishes the batch in flight, then exits.
 */
runMain(async () => {
  const config = loadConfig(process.env);
  if (config.eventStore.type === 'sqlite' || config.readStore.type === 'sqlite') {
    prepareDataDirectory(config.dataDir);
  }
  const app = await NestFactory.createApplicationContext(ProjectorAppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  await app.init();
  exitGracefullyOnSignals(app, (message) => app.get(Logger).log(message, 'Main'));
  app.get(Logger).log(`Projector running on ${config.dataDir}`, 'Main');
});
