import { Module } from '@nestjs/common';
import { READ_STORE, type ReadStore } from '@serial/read-models';
import { PRODUCT_BY_GTIN, ReadStoreProductByGtin } from './product-by-gtin';
import { ScanController } from './scan.controller';

@Module({
  controllers: [ScanController],
  providers: [
    {
      provide: PRODUCT_BY_GTIN,
      inject: [READ_STORE],
      useFactory: (readStore: ReadStore) => new ReadStoreProductByGtin(readStore),
    },
  ],
})
export class ScanModule {}
