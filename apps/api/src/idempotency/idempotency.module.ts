import {
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import * as path from 'node:path';
import { setImmediate as nextTick } from 'node:timers/promises';
import { APP_CONFIG, type AppConfig } from '@serial/runtime';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from './idempotency-store.port';
import { SqliteIdempotencyStore } from './sqlite/sqlite-idempotency-store';

/** Apart from events.sqlite: a key table under load never contends with event appends for the lock. */
export const IDEMPOTENCY_STORE_FILE = 'idempotency.sqlite';

const PURGE_INTERVAL_MS = 10 * 60 * 1000;
/** Small batches with a pause between them keep each write lock short; the cap bounds one run. */
const PURGE_BATCH = 500;
const PURGE_MAX_BATCHES = 200;

// Always SQLite for now, whatever EVENT_STORE says: several API instances behind a load balancer
// would need a shared adapter (MongoDB) chosen here, as the other stores' modules do.
const storeProvider: Provider = {
  provide: IDEMPOTENCY_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    SqliteIdempotencyStore.open(path.join(config.dataDir, IDEMPOTENCY_STORE_FILE)),
};

@Module({
  providers: [storeProvider, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IDEMPOTENCY_STORE],
})
export class IdempotencyModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private purgeTimer?: NodeJS.Timeout;
  private purging?: Promise<void>;
  private stopping = false;

  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  onApplicationBootstrap(): void {
    this.schedulePurge();
    this.purgeTimer = setInterval(() => this.schedulePurge(), PURGE_INTERVAL_MS).unref();
  }

  // The last shutdown phase: the HTTP server is closed, no request still needs the store.
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.purgeTimer);
    await this.purging;
    await this.store.close();
  }

  private schedulePurge(): void {
    this.purging ??= this.purge().finally(() => (this.purging = undefined));
  }

  private async purge(): Promise<void> {
    try {
      for (let batch = 0; batch < PURGE_MAX_BATCHES && !this.stopping; batch++) {
        if ((await this.store.purgeExpired(PURGE_BATCH)) < PURGE_BATCH) return;
        await nextTick();
      }
    } catch (error) {
      this.logger.warn(`Purging expired idempotency keys failed; next try in 10 min: ${error}`);
    }
  }
}
