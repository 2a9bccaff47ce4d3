import { DynamicModule, Module } from '@nestjs/common';
import type { FeedLimits } from './feed-client';
import { FeedController } from './feed.controller';
import { DEFAULT_FEED_LIMITS, FEED_LIMITS, FeedHub } from './feed-hub';

@Module({})
export class FeedModule {
  /** `limits` shortens the keep-alive and the bounds for tests. */
  static forRoot(limits: Partial<FeedLimits> = {}): DynamicModule {
    return {
      module: FeedModule,
      controllers: [FeedController],
      providers: [FeedHub, { provide: FEED_LIMITS, useValue: { ...DEFAULT_FEED_LIMITS, ...limits } }],
      exports: [FeedHub],
    };
  }
}
