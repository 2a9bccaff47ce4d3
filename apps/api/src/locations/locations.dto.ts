import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { LOCATION_TYPES, type LocationType } from '@serial/domain';
import { EntityId, Text } from '../http/fields';

export class CreateLocationDto {
  @EntityId('Location id', { example: 'WH/Shelf-2' }) id!: string;
  @Text('Display name', { max: 200 }) name!: string;

  @ApiProperty({ enum: LOCATION_TYPES })
  @IsIn(LOCATION_TYPES)
  type!: LocationType;
}

export class LocationDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: LOCATION_TYPES }) type!: LocationType;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'Global position of its last change (decimal string), for X-Min-Position' })
  position!: string;
}
