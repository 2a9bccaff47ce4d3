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
import { EVENT_STORE } from '@serial/event-store';
import { APP_CONFIG, EVENT_STORE_FILE, type AppConfig } from '@serial/runtime';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from './idempotency-store.port';
import { connectMongoIdempotencyStore } from './mongodb/connect-mongo-idempotency-store';
import { SqliteIdempotencyStore } from './sqlite/sqlite-idempotency-store';

/** Only beside KurrentDB with the SQLite read store; the embedded default keeps its keys in events.sqlite. */
export const IDEMPOTENCY_STORE_FILE = 'idempotency.sqlite';

const PURGE_INTERVAL_MS = 10 * 60 * 1000;
/** Small batches with a pause between them keep each write lock short; the cap bounds one run. */
const PURGE_BATCH = 500;
const PURGE_MAX_BATCHES = 200;

/**
 * With MongoDB, keys are shared by every api instance of the deployment; otherwise they are the
 * embedded event store's rows, committed with the events (exactly once), or with KurrentDB and no
 * MongoDB a file of the api's own. After the event store, whose file (and lock) it shares.
 */
const storeProvider: Provider = {
  provide: IDEMPOTENCY_STORE,
  inject: [APP_CONFIG, EVENT_STORE],
  useFactory: (config: AppConfig): Promise<IdempotencyStore> | IdempotencyStore => {
    if (config.readStore.type === 'mongodb') {
      return connectMongoIdempotencyStore(config.readStore.uri, config.readStore.database);
    }
    if (config.eventStore.type === 'sqlite') {
      const file = path.join(config.dataDir, EVENT_STORE_FILE);
      return SqliteIdempotencyStore.open(file, { recordsWithEvents: true });
    }
    return SqliteIdempotencyStore.open(path.join(config.dataDir, IDEMPOTENCY_STORE_FILE));
  },
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
