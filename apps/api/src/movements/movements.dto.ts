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
  @EntityId('Product id') productId!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_SERIALS_PER_REQUEST })
  @IsInt()
  @Min(1)
  @Max(MAX_SERIALS_PER_REQUEST)
  quantity!: number;
}

export class CreateMovementDto {
  @EntityId('Movement id (the ERP document id)', { example: 'WH/IN/00042' }) id!: string;

  @ApiProperty({ enum: MOVEMENT_TYPES })
  @IsIn(MOVEMENT_TYPES)
  type!: MovementType;

  @EntityId('Source location') fromLocationId!: string;
  @EntityId('Destination location') toLocationId!: string;
  @Text('Vendor bill, invoice or other document reference', { optional: true, max: 128 }) reference?: string;

  @ApiPropertyOptional({
    description: 'Vendor of a receipt, customer of a delivery (required for deliveries)',
  })
  @ValidateIf((dto: CreateMovementDto) => dto.type === 'delivery' || dto.partnerId !== undefined)
  @IsDefined({ message: 'partnerId is required for a delivery: it is the customer' })
  @Matches(ENTITY_ID_PATTERN, { message: 'partnerId must be 1-64 characters from A-Z a-z 0-9 . _ : / -' })
  partnerId?: string;

  @ApiProperty({ type: [MovementLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => MovementLineDto)
  lines!: MovementLineDto[];
}

export class AssignSerialsDto {
  @SerialNumbers() serialNumbers!: string[];
}

export class MovementLineViewDto extends MovementLineDto {
  @ApiProperty({ type: [String] }) serialNumbers!: string[];

  @ApiProperty({
    description:
      'false: the product is not serial-tracked (tracking none or lot), so the line is recorded on the ' +
      'document only; validating it moves no serials and the stock report does not count it',
  })
  serialTracked!: boolean;
}

export class MovementDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: MOVEMENT_TYPES }) type!: MovementType;
  @ApiProperty({ enum: ['pending', 'done', 'cancelled'] }) status!: 'pending' | 'done' | 'cancelled';
  @ApiProperty() fromLocationId!: string;
  @ApiProperty() toLocationId!: string;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty({ type: String, nullable: true }) partnerId!: string | null;
  @ApiProperty({ type: [MovementLineViewDto] }) lines!: MovementLineViewDto[];
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() validatedAt?: string;
  @ApiProperty({
    description:
      'Global position of its last change (decimal string); once done, that of the validation and of every serial it moved',
  })
  position!: string;
}

export class ListMovementsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'done', 'cancelled'] })
  @IsOptional()
  @IsIn(['pending', 'done', 'cancelled'])
  status?: 'pending' | 'done' | 'cancelled';

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) reference?: string;
}

export class MovementPageDto {
  @ApiProperty({ type: [MovementDto] }) items!: MovementDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
