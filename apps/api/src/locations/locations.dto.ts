import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { LOCATION_TYPES, type LocationType } from '@serial/domain';
import type { LocationDocument, Page } from '@serial/read-models';
import { EntityId, Text } from '../http/fields';

export class CreateLocationDto {
  @EntityId('Location id', { example: 'WH/Shelf-2' }) id!: string;
  @Text('Display name', { max: 200, example: 'Shelf 2' }) name!: string;

  @ApiProperty({ enum: LOCATION_TYPES, example: 'internal' })
  @IsIn(LOCATION_TYPES)
  type!: LocationType;
}

export class LocationDto implements LocationDocument {
  @ApiProperty({ example: 'WH/Shelf-2' }) id!: string;
  @ApiProperty({ example: 'Shelf 2' }) name!: string;
  @ApiProperty({ enum: LOCATION_TYPES, example: 'internal' }) type!: LocationType;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T13:06:36.373Z' }) createdAt!: string;
  @ApiProperty({
    description: 'Global position of its last change (decimal string), for X-Min-Position',
    example: '8',
  })
  position!: string;
}

export class LocationPageDto implements Page<LocationDocument> {
  @ApiProperty({ type: [LocationDto], description: 'By id' }) items!: LocationDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
    example: 'WyJsb2NhdGlvbnMiLCJQYXJ0bmVycy9WZW5kb3JzIl0',
  })
  nextCursor!: string | null;
}
