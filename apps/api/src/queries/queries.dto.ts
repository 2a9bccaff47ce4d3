import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ENTITY_ID_PATTERN, SERIAL_NUMBER_PATTERN } from '../shared/fields';

const STATUSES = ['available', 'reserved', 'out_of_stock'] as const;

/** API.md "Lists": limit 1-1000 (default 100), opaque cursor. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: "The previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  cursor?: string;
}

export class ListSerialsQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ENTITY_ID_PATTERN) productId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
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
