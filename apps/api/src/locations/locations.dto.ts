import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ENTITY_ID_PATTERN, LOCATION_TYPES, type LocationType } from '@serial/domain';
import type { LocationDocument, Page } from '@serial/read-models';
import { EntityId, Text } from '../http/fields';
import { PageQueryDto } from '../http/pagination';

export class CreateLocationDto {
  @EntityId('Location id', { example: 'WH/Stock/A/01' }) id!: string;
  @Text('Display name', { max: 200, example: 'Bin A-01' }) name!: string;

  @ApiProperty({ enum: LOCATION_TYPES, example: 'internal' })
  @IsIn(LOCATION_TYPES)
  type!: LocationType;

  @EntityId('The parent: an existing location of the same type; fixed once created', {
    optional: true,
    example: 'WH/Stock/A',
  })
  parentId?: string;
}

export class RenameLocationDto {
  @Text('Display name', { max: 200, example: 'Bin A-01 (cold)' }) name!: string;
}

export class ListLocationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only the direct children of this location', example: 'WH/Stock' })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN)
  parentId?: string;
}

export class LocationDto implements LocationDocument {
  @ApiProperty({ example: 'WH/Stock/A/01' }) id!: string;
  @ApiProperty({ example: 'Bin A-01' }) name!: string;
  @ApiProperty({ enum: LOCATION_TYPES, example: 'internal' }) type!: LocationType;
  @ApiProperty({ type: String, nullable: true, description: 'Null for a root', example: 'WH/Stock/A' })
  parentId!: string | null;
  @ApiProperty({
    type: [String],
    description: 'The ids from the root down to the location itself',
    example: ['WH/Stock', 'WH/Stock/A', 'WH/Stock/A/01'],
  })
  path!: string[];
  @ApiProperty({ format: 'date-time', example: '2026-12-03T13:06:36.373Z' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T13:07:02.118Z' }) updatedAt!: string;
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
