import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsPosition } from '../http/integers';

export class AuditExportQueryDto {
  @ApiPropertyOptional({ description: 'First global position to export (decimal string)', example: '0' })
  @IsOptional()
  @IsPosition()
  fromPosition?: string;

  @ApiPropertyOptional({
    description:
      'Last global position to export, inclusive (decimal string); default the head when the export starts',
    example: '42',
  })
  @IsOptional()
  @IsPosition()
  toPosition?: string;
}

/** One line of the export: exactly an item of `GET /v1/audit/events`. */
export class ExportedEventDto {
  @ApiProperty({ example: '01a23c03-907f-7219-b0ba-fc7a24deff7d' }) eventId!: string;
  @ApiProperty({ example: 'product-LAPTOP-15' }) streamId!: string;
  @ApiProperty({ example: 'ProductRegistered' }) type!: string;
  @ApiProperty({ description: 'Counts from 0 within the stream', example: 0 }) revision!: number;
  @ApiProperty({ description: 'Global position (decimal string)', example: '6' }) position!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T13:06:36.287Z' }) recordedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { productId: 'LAPTOP-15' } })
  data!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'userId, commandId, correlationId, causationId, occurredAt, schemaVersion, previousHash, hash',
    example: {
      userId: 'admin-1',
      previousHash: '0'.repeat(64),
      hash: '63a73ac267b3f3ecb6a416a428b269cc2a3ef3133807439a2ce7abb837ed9be0',
    },
  })
  metadata!: Record<string, string>;
}
