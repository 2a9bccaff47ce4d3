import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { MAX_SERIALS_PER_REQUEST } from '@serial/domain';
import { EntityId, SerialNumber, SerialNumbers, Text, Timestamp } from '../../http/fields';

export class SerialRangeDto {
  @SerialNumber('The first serial of the range; its last run of digits counts up')
  first!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_SERIALS_PER_REQUEST, example: 3 })
  @IsInt()
  @Min(1)
  @Max(MAX_SERIALS_PER_REQUEST)
  count!: number;
}

/** Register and receive take either `serialNumbers` or `range` (API.md "Conventions"). */
export abstract class SerialsOrRangeDto {
  @EntityId('Product id', { example: 'LAPTOP-15' })
  productId!: string;

  @SerialNumbers({ optional: true })
  serialNumbers?: string[];

  @ApiPropertyOptional({ type: SerialRangeDto, description: 'Instead of serialNumbers' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SerialRangeDto)
  range?: SerialRangeDto;
}

export class RegisterSerialsDto extends SerialsOrRangeDto {
  @Text('Internal reference', { optional: true, max: 128 }) internalReference?: string;
  @Text('Purchase order or vendor bill', { optional: true, max: 128 }) purchaseReference?: string;
  @Text('Lot', { optional: true, max: 128 }) lot?: string;
}

export class ReceiveSerialsDto extends SerialsOrRangeDto {
  @EntityId('Internal destination', { example: 'WH/Stock' }) toLocationId!: string;
  @EntityId('Source; default Partners/Vendors', { optional: true }) fromLocationId?: string;
  @EntityId('Vendor', { optional: true }) vendorId?: string;
  @Text('Vendor bill or receipt reference', { optional: true, max: 128 }) reference?: string;
  @EntityId('Movement document', { optional: true }) movementId?: string;
}

abstract class SerialListDto {
  @EntityId('Product id', { example: 'LAPTOP-15' }) productId!: string;
  @SerialNumbers() serialNumbers!: string[];
}

export class DeliverSerialsDto extends SerialListDto {
  @EntityId('Source location', { example: 'WH/Stock' }) fromLocationId!: string;
  @EntityId('Customer', { example: 'CUST-42' }) customerId!: string;
  @EntityId('Customer location; default Partners/Customers', { optional: true }) toLocationId?: string;
  @Text('Invoice or delivery reference', { optional: true, max: 128 }) reference?: string;
  @EntityId('Movement document', { optional: true }) movementId?: string;
}

export class TransferSerialsDto extends SerialListDto {
  @EntityId('Source location') fromLocationId!: string;
  @EntityId('Internal or transit destination') toLocationId!: string;
  @Text('Reference', { optional: true, max: 128 }) reference?: string;
}

export class ReturnSerialsDto extends SerialListDto {
  @EntityId('The customer the serials were delivered to') customerId!: string;
  @EntityId('Internal destination') toLocationId!: string;
  @Text('Why it came back', { optional: true }) reason?: string;
  @Text('Return reference', { optional: true, max: 128 }) reference?: string;
}

export class ScrapSerialsDto extends SerialListDto {
  @EntityId('Where the serials are') fromLocationId!: string;
  @Text('Why they are scrapped') reason!: string;
}

export class ReserveSerialsDto extends SerialListDto {
  @Text('Sales order or other reference to reserve for', { max: 128 }) reference!: string;
  @EntityId('Only serials at this location', { optional: true }) locationId?: string;
}

export class ReleaseSerialsDto extends SerialListDto {
  @Text('The reference whose reservations are released', { max: 128 }) reference!: string;
}

export class AdjustSerialDto {
  @EntityId('Product id') productId!: string;
  @SerialNumber() serialNumber!: string;
  @EntityId('Internal location counted') locationId!: string;

  @ApiProperty({ enum: ['found', 'lost'] })
  @IsIn(['found', 'lost'])
  direction!: 'found' | 'lost';

  @Text('Why the count differs') reason!: string;
}

export class CorrectSerialDto {
  @EntityId('Product id') productId!: string;
  @SerialNumber('The serial recorded by mistake') wrongSerialNumber!: string;
  @SerialNumber('The serial that really moved') correctSerialNumber!: string;
  @EntityId('Where the wrong serial is recorded (internal or customer)') locationId!: string;
  @Text('Why') reason!: string;
  @Text('Reference', { optional: true, max: 128 }) reference?: string;
}

export class SetWarrantyDto {
  @EntityId('Product id') productId!: string;
  @SerialNumber() serialNumber!: string;
  @Timestamp('Warranty start') startsAt!: string;
  @Timestamp('Warranty end, after the start') endsAt!: string;
  @Text('Reference', { optional: true, max: 128 }) reference?: string;
}

export class SerialSummaryDto {
  @ApiProperty() productId!: string;
  @ApiProperty() serialNumber!: string;
  @ApiProperty({ enum: ['available', 'reserved', 'out_of_stock'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) locationId!: string | null;
}

export class SerialCommandResultDto {
  @ApiProperty({ description: 'Global position of the last event written (decimal string)', example: '42' })
  position!: string;

  @ApiProperty({ type: [SerialSummaryDto] })
  serials!: SerialSummaryDto[];
}
