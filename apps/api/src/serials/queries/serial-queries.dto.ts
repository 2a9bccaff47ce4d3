import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ENTITY_ID_PATTERN, SERIAL_LIFECYCLE_STATES, SERIAL_NUMBER_PATTERN } from '@serial/domain';
import { PageQueryDto } from '../../http/pagination';

const STATUSES = ['available', 'reserved', 'out_of_stock'] as const;

export class ListSerialsQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID_PATTERN) productId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @Matches(SERIAL_NUMBER_PATTERN)
  serialNumber?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID_PATTERN) locationId?: string;
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ enum: SERIAL_LIFECYCLE_STATES, description: 'Where the serial is in its life' })
  @IsOptional()
  @IsIn(SERIAL_LIFECYCLE_STATES)
  state?: (typeof SERIAL_LIFECYCLE_STATES)[number];
  @ApiPropertyOptional({ description: 'The customer the serial is out at now' })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN)
  customerId?: string;

  @ApiPropertyOptional({ description: 'The reference of the last document that moved the serial' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  reference?: string;
}

export class StockQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID_PATTERN) productId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID_PATTERN) locationId?: string;
}

export class WarrantyQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'Active warranties ending before this time', format: 'date-time' })
  @IsDefined({ message: 'expiringBefore is required: the time the warranties end before' })
  @IsISO8601({ strict: true }, { message: 'expiringBefore must be an ISO 8601 time' })
  expiringBefore!: string;

  @ApiPropertyOptional({ description: 'Only serials out at this customer now' })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN)
  customerId?: string;
}
