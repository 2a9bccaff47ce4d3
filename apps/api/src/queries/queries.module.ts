import { Module } from '@nestjs/common';
import { MasterDataQueriesController } from './master-data-queries.controller';
import { ReadYourWritesInterceptor } from './read-your-writes';
import { SerialQueriesController } from './serial-queries.controller';

@Module({
  controllers: [SerialQueriesController, MasterDataQueriesController],
  providers: [ReadYourWritesInterceptor],
})
export class QueriesModule {}
