import { ApiProperty } from '@nestjs/swagger';

const commandId = '640203bd-b480-43f9-9c9c-f4abb421eeaf';

/** Who caused an event and its place in the hash chain (docs/api.md "Audit"); every value a string. */
export class EventMetadataDto {
  @ApiProperty({ description: 'The JWT subject of the request', example: 'clerk-anna' }) userId!: string;
  @ApiProperty({ example: commandId }) commandId!: string;
  @ApiProperty({ description: "X-Correlation-Id, or the command's own id", example: commandId })
  correlationId!: string;
  @ApiProperty({ example: commandId }) causationId!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When the command arrived',
    example: '2026-12-03T13:06:41.710Z',
  })
  occurredAt!: string;
  @ApiProperty({ example: '1' }) schemaVersion!: string;
  @ApiProperty({
    description: "The previous event's hash, 64 zeros at revision 0",
    example: '0000000000000000000000000000000000000000000000000000000000000000',
  })
  previousHash!: string;
  @ApiProperty({
    description: 'SHA-256 of previousHash + JCS({ type, data, metadata without hash }), lowercase hex',
    example: '585ff37c372b54b14b5fcc49c324a1eb1528dd3fc24d40848678a1381b66f1a5',
  })
  hash!: string;
}

/** An event as auditors see it: positions as decimal strings, times as ISO-8601. */
export class AuditEventDto {
  @ApiProperty({ example: '01a23c03-a5af-76bf-bc70-e959dc1531c3' }) eventId!: string;
  @ApiProperty({ example: 'SerialReceived' }) type!: string;
  @ApiProperty({ type: 'integer', description: 'Revision in its stream, from 0', example: 0 })
  revision!: number;
  @ApiProperty({ description: 'Global position (decimal string)', example: '24' }) position!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When the store committed it',
    example: '2026-12-03T13:06:41.711Z',
  })
  recordedAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's data, as its type defines it",
    example: {
      productId: 'LAPTOP-15',
      serialNumber: 'SN-0200',
      fromLocationId: 'Partners/Vendors',
      toLocationId: 'WH/Stock',
      toLocationType: 'internal',
      movementId: 'WH/IN/00042',
      reference: 'BILL-9',
      vendorId: 'ACME',
    },
  })
  data!: Readonly<Record<string, unknown>>;
  @ApiProperty({ type: EventMetadataDto }) metadata!: EventMetadataDto;
}

/** An event of the global log, with the stream it belongs to. */
export class LoggedEventDto extends AuditEventDto {
  @ApiProperty({ example: 'serial-LAPTOP-15:SN-0200' }) streamId!: string;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [LoggedEventDto], description: 'In global order' }) items!: LoggedEventDto[];
  @ApiProperty({
    description: 'The next `fromPosition`; the same while there is nothing new',
    example: '25',
  })
  nextPosition!: string;
}
