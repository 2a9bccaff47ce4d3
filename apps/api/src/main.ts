import { Logger } from 'nestjs-pino';
import { exitGracefullyOnSignals, loadConfig, runMain } from '@serial/runtime';
import { createApp } from './app.factory';

runMain(async () => {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  exitGracefullyOnSignals(app, (message) => app.get(Logger).log(message, 'Main'));
  app.get(Logger).log(`Serial tracking API listening on ${await app.getUrl()} (Swagger UI at /docs)`, 'Main');
});
