import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import {
  ENTITY_ID_PATTERN,
  normalizeSerialNumber,
  SERIAL_LIFECYCLE_STATES,
  SERIAL_NUMBER_PATTERN,
} from '@serial/domain';
import { PageQueryDto } from '../../http/pagination';
import { SERIAL_STATUSES } from './serial-view.dto';

/** `true` or `false` in the query string; anything else stays text and fails IsBoolean. */
const booleanText = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

function IncludeChildren() {
  return applyDecorators(
    ApiPropertyOptional({
      type: Boolean,
      description: 'With locationId: every location within it (at it or at any depth below it)',
      default: false,
      example: true,
    }),
    IsOptional(),
    Transform(booleanText),
    IsBoolean({ message: 'includeChildren must be true or false' }),
  );
}

export class ListSerialsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'LAPTOP-15' }) @IsOptional() @Matches(ENTITY_ID_PATTERN) productId?: string;

  @ApiPropertyOptional({ example: 'SN-0098' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? normalizeSerialNumber(value) : value))
  @Matches(SERIAL_NUMBER_PATTERN)
  serialNumber?: string;

  @ApiPropertyOptional({ example: 'WH/Stock' }) @IsOptional() @Matches(ENTITY_ID_PATTERN) locationId?: string;
  @IncludeChildren() includeChildren?: boolean;
  @ApiPropertyOptional({ enum: SERIAL_STATUSES, example: 'available' })
  @IsOptional()
  @IsIn(SERIAL_STATUSES)
  status?: (typeof SERIAL_STATUSES)[number];

  @ApiPropertyOptional({
    enum: SERIAL_LIFECYCLE_STATES,
    description: 'Where the serial is in its life',
    example: 'at_customer',
  })
  @IsOptional()
  @IsIn(SERIAL_LIFECYCLE_STATES)
  state?: (typeof SERIAL_LIFECYCLE_STATES)[number];

  @ApiPropertyOptional({ description: 'The customer the serial is out at now', example: 'CUST-42' })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN)
  customerId?: string;

  @ApiPropertyOptional({
    description: 'The reference of the last document that moved the serial',
    example: 'INV-1001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  reference?: string;
}

export const STOCK_GROUPINGS = ['location', 'product'] as const;

export class StockQueryDto {
  @ApiPropertyOptional({ example: 'LAPTOP-15' }) @IsOptional() @Matches(ENTITY_ID_PATTERN) productId?: string;
  @ApiPropertyOptional({ example: 'WH/Stock' }) @IsOptional() @Matches(ENTITY_ID_PATTERN) locationId?: string;
  @IncludeChildren() includeChildren?: boolean;

  @ApiPropertyOptional({
    enum: STOCK_GROUPINGS,
    description: '`location`: a row per product and location; `product`: a row per product, summed',
    default: 'location',
    example: 'product',
  })
  @IsOptional()
  @IsIn(STOCK_GROUPINGS)
  groupBy?: (typeof STOCK_GROUPINGS)[number];
}

export class WarrantyQueryDto extends PageQueryDto {
  @ApiProperty({
    description: 'Active warranties ending before this time',
    format: 'date-time',
    example: '2029-01-01T00:00:00Z',
  })
  @IsDefined({ message: 'expiringBefore is required: the time the warranties end before' })
  @IsISO8601({ strict: true }, { message: 'expiringBefore must be an ISO 8601 time' })
  expiringBefore!: string;

  @ApiPropertyOptional({ description: 'Only serials out at this customer now', example: 'CUST-42' })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN)
  customerId?: string;
}
