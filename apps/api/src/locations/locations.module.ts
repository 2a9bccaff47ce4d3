import { Module } from '@nestjs/common';
import { LocationCommandHandler } from './location-command.handler';
import { LocationsController } from './locations.controller';
import { WellKnownLocations } from './well-known-locations';

@Module({
  controllers: [LocationsController],
  providers: [LocationCommandHandler, WellKnownLocations],
})
export class LocationsModule {}
