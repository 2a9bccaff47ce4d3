import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StreamVerification } from '@serial/event-store';
import { IsISO8601, IsOptional } from 'class-validator';
import { AuditEventDto } from '../../audit/audit-event.dto';

export class AsOfQueryDto {
  @ApiPropertyOptional({
    description: 'Rebuild the state from events recorded up to this time; default now',
    format: 'date-time',
    example: '2026-12-03T13:06:36.449Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class SerialEventsDto {
  @ApiProperty({ example: 'serial-LAPTOP-15:SN-0200' }) streamId!: string;
  @ApiProperty({ type: [AuditEventDto], description: 'In revision order' }) items!: AuditEventDto[];
}

export class ChainVerificationDto implements StreamVerification {
  @ApiProperty({ description: 'Every hash holds', example: true }) valid!: boolean;
  @ApiProperty({ type: 'integer', description: 'Events in the stream', example: 4 }) events!: number;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The first revision where the chain breaks; null when valid',
    example: null,
  })
  firstInvalidRevision!: number | null;
}
