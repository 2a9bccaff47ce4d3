import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PRODUCT_TYPES, TRACKING_MODES, type ProductType, type TrackingMode } from '@serial/domain';
import type { Page, ProductDocument } from '@serial/read-models';
import { EntityId, Text } from '../http/fields';

const GTIN = /^(\d{8}|\d{12}|\d{13}|\d{14})$/;

/** Optional everywhere; on PATCH, null clears the value. */
function Gtin() {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'GTIN-8/12/13/14, stored as 14 digits and unique across products; null clears it on update',
      type: String,
      nullable: true,
      example: '09506000134352',
    }),
    IsOptional(),
    ValidateIf((_dto, value) => value !== null),
    Matches(GTIN, { message: 'gtin must be 8, 12, 13 or 14 digits' }),
  );
}

function WarrantyMonths() {
  return applyDecorators(
    ApiPropertyOptional({
      description: 'Warranty started at delivery, in months; null clears it on update',
      type: 'integer',
      nullable: true,
      minimum: 1,
      maximum: 600,
      example: 24,
    }),
    IsOptional(),
    ValidateIf((_dto, value) => value !== null),
    IsInt(),
    Min(1),
    Max(600),
  );
}

function SerialFormat() {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'A regular expression (JavaScript, Unicode) that new serials must match as a whole; refused when it does not compile or risks catastrophic backtracking; null removes it on update',
      type: String,
      nullable: true,
      maxLength: 500,
      example: '[A-Z]{2}-\\d{4,8}',
    }),
    IsOptional(),
    ValidateIf((_dto, value) => value !== null),
    IsString(),
    MinLength(1),
    MaxLength(500),
  );
}

function Tracking(options: { optional: boolean }) {
  const doc = { enum: TRACKING_MODES, example: 'serial' };
  return applyDecorators(
    options.optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    ...(options.optional ? [IsOptional()] : []),
    IsIn(TRACKING_MODES),
  );
}

export class CreateProductDto {
  @EntityId('Product id (the ERP id)', { example: 'LAPTOP-15' }) id!: string;
  @Text('Stock keeping unit', { max: 64, example: 'LP15' }) sku!: string;
  @Text('Display name', { max: 200, example: 'Laptop 15' }) name!: string;

  @ApiProperty({ enum: PRODUCT_TYPES, example: 'storable' })
  @IsIn(PRODUCT_TYPES)
  type!: ProductType;

  @Tracking({ optional: false }) tracking!: TrackingMode;
  @Gtin() gtin?: string;
  @WarrantyMonths() warrantyMonths?: number;
  @SerialFormat() serialFormat?: string;
}

export class UpdateProductDto {
  @Text('Display name', { optional: true, max: 200, example: 'Laptop 15 (2026)' }) name?: string;
  @Tracking({ optional: true }) tracking?: TrackingMode;
  @Gtin() gtin?: string | null;
  @WarrantyMonths() warrantyMonths?: number | null;
  @SerialFormat() serialFormat?: string | null;
}

export class ProductDto implements ProductDocument {
  @ApiProperty({ example: 'LAPTOP-15' }) id!: string;
  @ApiProperty({ example: 'LP15' }) sku!: string;
  @ApiProperty({ example: 'Laptop 15' }) name!: string;
  @ApiProperty({ enum: PRODUCT_TYPES, example: 'storable' }) type!: ProductType;
  @ApiProperty({ enum: TRACKING_MODES, example: 'serial' }) tracking!: TrackingMode;
  @ApiProperty({ type: String, nullable: true, description: '14 digits', example: '09506000134352' })
  gtin!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 24 }) warrantyMonths!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The regular expression new serials must match as a whole; null: any',
    example: '[A-Z]{2}-\\d{4,8}',
  })
  serialFormat!: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T13:06:36.265Z' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T13:06:36.321Z' }) updatedAt!: string;
  @ApiProperty({
    description: 'Global position of its last change (decimal string), for X-Min-Position',
    example: '7',
  })
  position!: string;
}

export class ProductPageDto implements Page<ProductDocument> {
  @ApiProperty({ type: [ProductDto], description: 'By id' }) items!: ProductDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
    example: 'WyJwcm9kdWN0cyIsIkxBUFRPUC0xNSJd',
  })
  nextCursor!: string | null;
}
