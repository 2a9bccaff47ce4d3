import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { MAX_SERIALS_PER_REQUEST, type SerialStatus } from '@serial/domain';
import { EntityId, SerialNumber, SerialNumbers, Text, Timestamp } from '../../http/fields';
import { SERIAL_STATUSES } from '../queries/serial-view.dto';
import type { SerialCommandResult } from './serial-command.handler';

export class SerialRangeDto {
  @SerialNumber('The first serial of the range; its last run of digits counts up')
  first!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_SERIALS_PER_REQUEST, example: 3 })
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
  @Text('Internal reference', { optional: true, max: 128, example: 'ASSET-7731' }) internalReference?: string;
  @Text('Purchase order or vendor bill', { optional: true, max: 128, example: 'PO-2026-118' })
  purchaseReference?: string;
  @Text('Lot', { optional: true, max: 128, example: 'LOT7' }) lot?: string;
}

export class ReceiveSerialsDto extends SerialsOrRangeDto {
  @EntityId('Internal destination', { example: 'WH/Stock' }) toLocationId!: string;
  @EntityId('Source; default Partners/Vendors', { optional: true, example: 'Partners/Vendors' })
  fromLocationId?: string;
  @EntityId('Vendor', { optional: true, example: 'ACME' }) vendorId?: string;
  @Text('Vendor bill or receipt reference', { optional: true, max: 128, example: 'BILL-7' })
  reference?: string;
  @EntityId('Movement document', { optional: true, example: 'WH/IN/00042' }) movementId?: string;
}

abstract class SerialListDto {
  @EntityId('Product id', { example: 'LAPTOP-15' }) productId!: string;
  @SerialNumbers() serialNumbers!: string[];
}

export class DeliverSerialsDto extends SerialListDto {
  @EntityId('Source location', { example: 'WH/Stock' }) fromLocationId!: string;
  @EntityId('Customer', { example: 'CUST-42' }) customerId!: string;
  @EntityId('Customer location; default Partners/Customers', {
    optional: true,
    example: 'Partners/Customers',
  })
  toLocationId?: string;
  @Text('Invoice or delivery reference', { optional: true, max: 128, example: 'INV-1001' })
  reference?: string;
  @EntityId('Movement document', { optional: true, example: 'WH/OUT/00017' }) movementId?: string;
}

export class TransferSerialsDto extends SerialListDto {
  @EntityId('Source location', { example: 'WH/Shelf-2' }) fromLocationId!: string;
  @EntityId('Internal or transit destination', { example: 'WH/Stock' }) toLocationId!: string;
  @Text('Reference', { optional: true, max: 128, example: 'PICK-5512' }) reference?: string;
}

export class ReturnSerialsDto extends SerialListDto {
  @EntityId('The customer the serials were delivered to', { example: 'CUST-42' }) customerId!: string;
  @EntityId('Internal destination', { example: 'WH/Stock' }) toLocationId!: string;
  @Text('Why it came back', { optional: true, example: 'screen flickers' }) reason?: string;
  @Text('Return reference', { optional: true, max: 128, example: 'RMA-3' }) reference?: string;
}

export class ScrapSerialsDto extends SerialListDto {
  @EntityId('Where the serials are', { example: 'WH/Stock' }) fromLocationId!: string;
  @Text('Why they are scrapped', { example: 'water damage' }) reason!: string;
}

export class ReserveSerialsDto extends SerialListDto {
  @Text('Sales order or other reference to reserve for', { max: 128, example: 'SO-5' }) reference!: string;
  @EntityId('Only serials at this location', { optional: true, example: 'WH/Stock' }) locationId?: string;
}

export class ReleaseSerialsDto extends SerialListDto {
  @Text('The reference whose reservations are released', { max: 128, example: 'SO-5' }) reference!: string;
}

export class AdjustSerialDto {
  @EntityId('Product id', { example: 'LAPTOP-15' }) productId!: string;
  @SerialNumber() serialNumber!: string;
  @EntityId('Internal location counted', { example: 'WH/Stock' }) locationId!: string;

  @ApiProperty({ enum: ['found', 'lost'], example: 'found' })
  @IsIn(['found', 'lost'])
  direction!: 'found' | 'lost';

  @Text('Why the count differs', { example: 'stock count 2026-12' }) reason!: string;
}

export class CorrectSerialDto {
  @EntityId('Product id', { example: 'LAPTOP-15' }) productId!: string;
  @SerialNumber('The serial recorded by mistake', { example: 'SN-01O1' }) wrongSerialNumber!: string;
  @SerialNumber('The serial that really moved', { example: 'SN-0101' }) correctSerialNumber!: string;
  @EntityId('Where the wrong serial is recorded (internal or customer)', { example: 'WH/Shelf-2' })
  locationId!: string;
  @Text('Why', { example: 'letter O typed for zero' }) reason!: string;
  @Text('Reference', { optional: true, max: 128, example: 'BILL-8' }) reference?: string;
}

export class SetWarrantyDto {
  @EntityId('Product id', { example: 'LAPTOP-15' }) productId!: string;
  @SerialNumber() serialNumber!: string;
  @Timestamp('Warranty start') startsAt!: string;
  @Timestamp('Warranty end, after the start', { example: '2028-12-03T13:06:36.432Z' }) endsAt!: string;
  @Text('Reference', { optional: true, max: 128, example: 'INV-1001' }) reference?: string;
}

/** A serial as a command left it: SerialView's first fields. */
export class SerialSummaryDto {
  @ApiProperty({ example: 'LAPTOP-15' }) productId!: string;
  @ApiProperty({ example: 'SN-0098' }) serialNumber!: string;
  @ApiProperty({ enum: SERIAL_STATUSES, example: 'available' }) status!: SerialStatus;
  @ApiProperty({ type: String, nullable: true, example: 'WH/Stock' }) locationId!: string | null;
}

export class SerialCommandResultDto implements SerialCommandResult {
  @ApiProperty({ description: 'Global position of the last event written (decimal string)', example: '11' })
  position!: string;

  @ApiProperty({ type: [SerialSummaryDto], description: 'Every serial of the request, in its order' })
  serials!: SerialSummaryDto[];
}
