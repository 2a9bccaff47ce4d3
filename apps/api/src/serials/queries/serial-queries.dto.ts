import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ENTITY_ID_PATTERN, normalizeSerialNumber, SERIAL_NUMBER_PATTERN } from '@serial/domain';
import { PageQueryDto } from '../../http/pagination';

const STATUSES = ['available', 'reserved', 'out_of_stock'] as const;

export class ListSerialsQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID_PATTERN) productId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? normalizeSerialNumber(value) : value))
  @Matches(SERIAL_NUMBER_PATTERN)
  serialNumber?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID_PATTERN) locationId?: string;
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: (typeof STATUSES)[number];
  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID_PATTERN) customerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) reference?: string;
}

export class StockQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID_PATTERN) productId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID_PATTERN) locationId?: string;
}

export class WarrantyQueryDto {
  @ApiProperty({ description: 'Active warranties ending before this time', format: 'date-time' })
  @IsISO8601({ strict: true })
  expiringBefore!: string;
}
