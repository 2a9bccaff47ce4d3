import { ApiProperty } from '@nestjs/swagger';
import type { HistoryEntry } from '@serial/read-models';
import { SerialRefDto } from './serial-view.dto';

/** One event of the serial, with the references of the document that caused it. */
export class HistoryEntryDto implements HistoryEntry {
  @ApiProperty({ description: 'Global position (decimal string)', example: '14' }) position!: string;
  @ApiProperty({ type: 'integer', description: 'Revision in the serial stream, from 0', example: 1 })
  revision!: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T13:06:36.439Z' }) at!: string;
  @ApiProperty({ description: 'The event type', example: 'SerialDelivered' }) type!: string;
  @ApiProperty({ type: String, nullable: true, example: 'WH/Stock' }) fromLocationId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Partners/Customers' }) toLocationId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'WH/OUT/00017' }) movementId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'INV-1001' }) reference!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'CUST-42' }) customerId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ACME' }) vendorId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'screen flickers' }) reason!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'For the two entries of a correction, the other serial of it; otherwise null',
    example: null,
  })
  counterpartSerialNumber!: string | null;
  @ApiProperty({ description: 'The JWT subject of the request that caused it', example: 'clerk-anna' })
  userId!: string;
  @ApiProperty({
    type: SerialRefDto,
    nullable: true,
    description: 'For a component installed or uninstalled, the serial it went into or came out of',
    example: null,
  })
  parent!: SerialRefDto | null;
  @ApiProperty({
    type: [SerialRefDto],
    nullable: true,
    description: 'For a parent, the components installed in it or uninstalled from it by this event',
    example: null,
  })
  components!: SerialRefDto[] | null;
}

export class SerialHistoryDto {
  @ApiProperty({ type: [HistoryEntryDto], description: 'Oldest first' }) items!: HistoryEntryDto[];
}
