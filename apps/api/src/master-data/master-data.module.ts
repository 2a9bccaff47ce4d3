import { Module } from '@nestjs/common';
import { MasterDataController } from './master-data.controller';
import { LocationCommandHandler, ProductCommandHandler } from './master-data.handlers';
import { WellKnownLocations } from './well-known-locations';

@Module({
  controllers: [MasterDataController],
  providers: [ProductCommandHandler, LocationCommandHandler, WellKnownLocations],
})
export class MasterDataModule {}
