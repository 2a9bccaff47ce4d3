import { startCeilingApp } from './ceiling-app';

// A child process of the bench, so that the app has an event loop of its own like the service.
const port = Number(process.env.PORT);
startCeilingApp(port).then(
  (app) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => void app.close().finally(() => process.exit(0)));
    }
  },
  (error: unknown) => {
    process.stderr.write(`The framework-ceiling app failed to start: ${String(error)}\n`);
    process.exit(1);
  },
);
