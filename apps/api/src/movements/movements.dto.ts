import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PageQueryDto } from '../http/pagination';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MOVEMENT_TYPES, type MovementType } from '@serial/domain';
import { ENTITY_ID_PATTERN, MAX_SERIALS_PER_REQUEST } from '@serial/domain';
import { EntityId, SerialNumbers, Text } from '../http/fields';

export class MovementLineDto {
  @EntityId('Product id', { example: 'LAPTOP-15' }) productId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_SERIALS_PER_REQUEST, example: 2 })
  @IsInt()
  @Min(1)
  @Max(MAX_SERIALS_PER_REQUEST)
  quantity!: number;
}

export class CreateMovementDto {
  @EntityId('Movement id (the ERP document id)', { example: 'WH/IN/00042' }) id!: string;

  @ApiProperty({ enum: MOVEMENT_TYPES, example: 'receipt' })
  @IsIn(MOVEMENT_TYPES)
  type!: MovementType;

  @EntityId('Source location', { example: 'Partners/Vendors' }) fromLocationId!: string;
  @EntityId('Destination location', { example: 'WH/Stock' }) toLocationId!: string;
  @Text('Vendor bill, invoice or other document reference', { optional: true, max: 128, example: 'BILL-9' })
  reference?: string;

  @ApiPropertyOptional({
    description: 'Vendor of a receipt, customer of a delivery (required for deliveries)',
    pattern: ENTITY_ID_PATTERN.source,
    example: 'ACME',
  })
  @ValidateIf((dto: CreateMovementDto) => dto.type === 'delivery' || dto.partnerId !== undefined)
  @IsDefined({ message: 'partnerId is required for a delivery: it is the customer' })
  @Matches(ENTITY_ID_PATTERN, { message: 'partnerId must be 1-64 characters from A-Z a-z 0-9 . _ : / -' })
  partnerId?: string;

  @ApiProperty({ type: [MovementLineDto], minItems: 1, maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => MovementLineDto)
  lines!: MovementLineDto[];
}

export class AssignSerialsDto {
  @SerialNumbers({ example: ['SN-0200', 'SN-0201'] }) serialNumbers!: string[];
}

export class MovementLineViewDto extends MovementLineDto {
  @ApiProperty({ type: [String], example: ['SN-0200', 'SN-0201'] }) serialNumbers!: string[];

  @ApiProperty({
    example: true,
    description:
      'false: the product is not serial-tracked (tracking none or lot), so the line is recorded on the ' +
      'document only; validating it moves no serials and the stock report does not count it',
  })
  serialTracked!: boolean;
}

const MOVEMENT_STATUSES = ['pending', 'done', 'cancelled'] as const;

export class MovementDto {
  @ApiProperty({ example: 'WH/IN/00042' }) id!: string;
  @ApiProperty({ enum: MOVEMENT_TYPES, example: 'receipt' }) type!: MovementType;
  @ApiProperty({ enum: MOVEMENT_STATUSES, example: 'done' }) status!: (typeof MOVEMENT_STATUSES)[number];
  @ApiProperty({ example: 'Partners/Vendors' }) fromLocationId!: string;
  @ApiProperty({ example: 'WH/Stock' }) toLocationId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'BILL-9' }) reference!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ACME' }) partnerId!: string | null;
  @ApiProperty({ type: [MovementLineViewDto] }) lines!: MovementLineViewDto[];
  @ApiProperty({ format: 'date-time', example: '2026-12-03T13:06:41.690Z' }) createdAt!: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Once done',
    example: '2026-12-03T13:06:41.710Z',
  })
  validatedAt?: string;
  @ApiProperty({
    description:
      'Global position of its last change (decimal string); once done, that of the validation and of every serial it moved',
    example: '26',
  })
  position!: string;
}

export class ListMovementsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MOVEMENT_STATUSES, example: 'pending' })
  @IsOptional()
  @IsIn(MOVEMENT_STATUSES)
  status?: (typeof MOVEMENT_STATUSES)[number];

  @ApiPropertyOptional({ example: 'BILL-9' }) @IsOptional() @IsString() @MaxLength(128) reference?: string;
}

export class MovementPageDto {
  @ApiProperty({ type: [MovementDto], description: 'By id' }) items!: MovementDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
    example: 'WyJtb3ZlbWVudHMiLCJXSC9JTi8wMDA0MiJd',
  })
  nextCursor!: string | null;
}
