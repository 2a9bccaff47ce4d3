import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { PRODUCT_TYPES, TRACKING_MODES, type ProductType, type TrackingMode } from '@serial/domain';
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
    }),
    IsOptional(),
    ValidateIf((_dto, value) => value !== null),
    Matches(GTIN, { message: 'gtin must be 8, 12, 13 or 14 digits' }),
  );
}

function WarrantyMonths() {
  return applyDecorators(
    ApiPropertyOptional({
      description: 'Warranty started at delivery; null clears it on update',
      type: Number,
      nullable: true,
    }),
    IsOptional(),
    ValidateIf((_dto, value) => value !== null),
    IsInt(),
    Min(1),
    Max(600),
  );
}

function Tracking(options: { optional: boolean }) {
  const doc = { enum: TRACKING_MODES };
  return applyDecorators(
    options.optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    ...(options.optional ? [IsOptional()] : []),
    IsIn(TRACKING_MODES),
  );
}

export class CreateProductDto {
  @EntityId('Product id (the ERP id)', { example: 'LAPTOP-15' }) id!: string;
  @Text('Stock keeping unit', { max: 64 }) sku!: string;
  @Text('Display name', { max: 200 }) name!: string;

  @ApiProperty({ enum: PRODUCT_TYPES })
  @IsIn(PRODUCT_TYPES)
  type!: ProductType;

  @Tracking({ optional: false }) tracking!: TrackingMode;
  @Gtin() gtin?: string;
  @WarrantyMonths() warrantyMonths?: number;
}

export class UpdateProductDto {
  @Text('Display name', { optional: true, max: 200 }) name?: string;
  @Tracking({ optional: true }) tracking?: TrackingMode;
  @Gtin() gtin?: string | null;
  @WarrantyMonths() warrantyMonths?: number | null;
}

export class ProductDto {
  @ApiProperty() id!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PRODUCT_TYPES }) type!: ProductType;
  @ApiProperty({ enum: TRACKING_MODES }) tracking!: TrackingMode;
  @ApiProperty({ type: String, nullable: true, description: '14 digits' }) gtin!: string | null;
  @ApiProperty({ type: Number, nullable: true }) warrantyMonths!: number | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ description: 'Global position of its last change (decimal string), for X-Min-Position' })
  position!: string;
}
