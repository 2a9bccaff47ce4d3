import { Module } from '@nestjs/common';
import { READ_STORE } from '@serial/read-models';
import { PRODUCT_BY_GTIN, productByGtinFrom } from './product-by-gtin';
import { ScanController } from './scan.controller';

@Module({
  controllers: [ScanController],
  providers: [
    {
      provide: PRODUCT_BY_GTIN,
      // Optional: the read store module is still being built; without it scans name no product.
      inject: [{ token: READ_STORE, optional: true }],
      useFactory: productByGtinFrom,
    },
  ],
})
export class ScanModule {}
