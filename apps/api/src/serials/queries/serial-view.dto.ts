import { ApiProperty } from '@nestjs/swagger';
import {
  LOCATION_TYPES,
  SERIAL_LIFECYCLE_STATES,
  type LocationType,
  type SerialLifecycleState,
  type SerialStatus,
} from '@serial/domain';
import type { Page, SerialView } from '@serial/read-models';

export const SERIAL_STATUSES = [
  'available',
  'reserved',
  'out_of_stock',
] as const satisfies readonly SerialStatus[];

const at = '2026-12-03T13:06:36.439Z';

export class WarrantyViewDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-03T13:06:36.432Z' }) startsAt!: string;
  @ApiProperty({ format: 'date-time', example: '2028-12-03T13:06:36.432Z' }) endsAt!: string;
  @ApiProperty({ description: 'Within its dates at the time of the answer', example: true }) active!: boolean;
}

/** A serial named by its product and serial number. */
export class SerialRefDto {
  @ApiProperty({ example: 'LAPTOP-15' }) productId!: string;
  @ApiProperty({ example: 'SN-0098' }) serialNumber!: string;
}

/**
 * SerialView (docs/api.md "Read models"); `implements` makes a field the read model gains and this
 * class lacks a compile error, and the controllers' return types make the reverse one.
 */
export class SerialViewDto implements SerialView {
  @ApiProperty({ example: 'LAPTOP-15' }) productId!: string;
  @ApiProperty({ example: 'SN-0098' }) serialNumber!: string;
  @ApiProperty({ enum: SERIAL_STATUSES, example: 'out_of_stock' }) status!: SerialStatus;
  @ApiProperty({
    enum: SERIAL_LIFECYCLE_STATES,
    description:
      'Where the unit is in its life: registered, in_stock, in_transit, at_customer, scrapped, written_off, installed',
    example: 'at_customer',
  })
  state!: SerialLifecycleState;
  @ApiProperty({ description: 'At an internal or transit location', example: false }) onHand!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Partners/Customers' }) locationId!: string | null;
  @ApiProperty({
    type: [String],
    nullable: true,
    description: "The path of its location, the root's id first, its own location last; null with none",
    example: ['Partners/Customers'],
  })
  locationPath!: string[] | null;
  @ApiProperty({ enum: LOCATION_TYPES, nullable: true, example: 'customer' })
  locationType!: LocationType | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The reference it is reserved for',
    example: 'SO-5',
  })
  reservedFor!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'CUST-42' }) customerId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ACME' }) vendorId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ASSET-7731' }) internalReference!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'PO-2026-118' }) purchaseReference!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'LOT7' }) lot!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The latest reference any of its events carried',
    example: 'INV-1001',
  })
  reference!: string | null;
  @ApiProperty({ type: WarrantyViewDto, nullable: true }) warranty!: WarrantyViewDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-03T13:06:36.397Z' })
  receivedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: at }) deliveredAt!:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: at }) lastMovedAt!:
    string | null;
  @ApiProperty({
    type: SerialRefDto,
    nullable: true,
    description: 'The serial it is installed in now (state installed); null when it is not installed',
    example: null,
  })
  installedIn!: SerialRefDto | null;
  @ApiProperty({ type: 'integer', description: "Its last event's revision in its stream", example: 2 })
  revision!: number;
  @ApiProperty({ description: "Its last event's global position (decimal string)", example: '15' })
  position!: string;
  @ApiProperty({ format: 'date-time', example: at }) updatedAt!: string;
}

export class SerialPageDto implements Page<SerialView> {
  @ApiProperty({ type: [SerialViewDto] }) items!: SerialViewDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
    example: 'WyJzZXJpYWxzIiwiTEFQVE9QLTE1IiwiU04tMDA5OSJd',
  })
  nextCursor!: string | null;
}

export class WarrantyReportDto implements Page<SerialView> {
  @ApiProperty({ type: [SerialViewDto], description: 'Ending soonest first' }) items!: SerialViewDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
    example: 'WyJ3YXJyYW50eSIsIjIwMjgtMTItMDNUMTM6MDY6MzYuNDMyWiJd',
  })
  nextCursor!: string | null;
}
