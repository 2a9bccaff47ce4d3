import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { serialCommandStreams, type SerialCommand } from '@serial/domain';
import {
  AppConfigModule,
  CommandRunner,
  CommandsModule,
  EventStoreModule,
  loadConfig,
  ReadModelsModule,
  type AppConfig,
  type CommandMetadata,
} from '@serial/runtime';
import { randomUUID } from 'node:crypto';
import { PRODUCT_ID, STOCK } from './api-client';
import type { FigureSet } from './figures';
import type { BenchOptions } from './options';
import { percentile } from './load-scenarios';

/** A guard on top of the time bound: no run issues more commands than this. */
const MAX_PAIRS_PER_WORKER = 1_000_000;

const metadata = (): CommandMetadata => {
  const commandId = randomUUID();
  return {
    userId: 'bench',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    occurredAt: new Date().toISOString(),
  };
};

/** The service's stores and command runner, as the api opens them (inline projector included), without HTTP. */
@Module({})
class InProcessModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: InProcessModule,
      imports: [
        AppConfigModule.forRoot(config),
        EventStoreModule.forRoot(config),
        ReadModelsModule.forRoot(config),
        CommandsModule,
      ],
    };
  }
}

/**
 * Scenario 4: the receive -> deliver pattern through the production command runner and domain (same
 * store modules, same SQLite settings, inline projector running), no HTTP and no Nest request pipeline.
 * The service must be stopped: the event store allows one writing process per file.
 */
export async function measureInProcess(
  dataDir: string,
  secret: string,
  figures: FigureSet,
  options: BenchOptions,
  tag: string,
): Promise<void> {
  const config = loadConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: secret, LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(InProcessModule.forRoot(config), { logger: false });
  try {
    const runner = app.get(CommandRunner);
    const execute = (command: SerialCommand) =>
      runner.run(serialCommandStreams(command, config.serialUniqueness), metadata());
    for (let run = 0; run < options.runs; run++) {
      for (const workers of [1, options.inProcessConcurrency]) {
        const result = await pattern(
          execute,
          workers,
          options.inProcessSeconds,
          `${tag}-IP${run}-${workers}`,
        );
        const suffix = workers === 1 ? 'sequential' : `${workers} concurrent`;
        figures.add(
          {
            key: `inProcess${workers}`,
            label: `in-process receive→deliver, ${suffix}`,
            unit: '/s',
            better: 'higher',
            raw: { baseline: 'perTx' },
            scaleTarget: true,
          },
          result.perSecond,
        );
        figures.add(
          { key: `inProcess${workers}P99`, label: '  p99 latency', unit: 'ms', better: 'lower' },
          result.p99,
        );
      }
    }
  } finally {
    await app.close();
  }
}

async function pattern(
  run: (command: SerialCommand) => Promise<unknown>,
  workers: number,
  seconds: number,
  prefix: string,
) {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const timed = async (command: SerialCommand) => {
    const startedAt = performance.now();
    await run(command);
    latencies.push(performance.now() - startedAt);
  };
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; i < MAX_PAIRS_PER_WORKER && performance.now() < deadline; i++) {
        const serialNumbers = [`${prefix}-${worker}-${i}`];
        const data = { productId: PRODUCT_ID, serialNumbers };
        await timed({
          type: 'ReceiveSerials',
          data: { ...data, toLocationId: STOCK, fromLocationId: 'Partners/Vendors' },
        });
        await timed({
          type: 'DeliverSerials',
          data: { ...data, fromLocationId: STOCK, toLocationId: 'Partners/Customers', customerId: 'C-1' },
        });
      }
    }),
  );
  const elapsed = (performance.now() - startedAt) / 1000;
  return { perSecond: latencies.length / elapsed, p99: percentile(latencies, 99) };
}
