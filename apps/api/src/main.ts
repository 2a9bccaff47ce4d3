import { Logger } from 'nestjs-pino';
import {
  exitGracefullyOnSignals,
  listenError,
  loadConfig,
  prepareDataDirectory,
  runMain,
} from '@serial/runtime';
import { createApp } from './app.factory';

/**
 * Success is logged only once the data directory is open and the port is bound; any failure before
 * that is one line on stderr and exit status 1 (runMain).
 */
runMain(async () => {
  const config = loadConfig(process.env);
  // The idempotency store always lives there, whatever the other stores are.
  prepareDataDirectory(config.dataDir);
  const app = await createApp(config, { holdLogs: true });
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw listenError(error, config);
  }
  app.flushLogs();
  exitGracefullyOnSignals(app, (message) => app.get(Logger).log(message, 'Main'));
  app.get(Logger).log(`Serial tracking API listening on ${await app.getUrl()} (Swagger UI at /docs)`, 'Main');
});
