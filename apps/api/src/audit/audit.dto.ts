import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

export class AsOfQueryDto {
  @ApiPropertyOptional({
    description: 'Rebuild the state from events recorded up to this time; default now',
    format: 'date-time',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class AuditEventsQueryDto {
  @ApiPropertyOptional({ description: 'First global position to return (decimal string)', example: '0' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'fromPosition must be a non-negative decimal integer' })
  fromPosition?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** An event as auditors see it: positions as decimal strings, times as ISO-8601. */
export interface AuditEventDto {
  eventId: string;
  streamId?: string;
  type: string;
  revision: number;
  position: string;
  recordedAt: string;
  data: Readonly<Record<string, unknown>>;
  metadata: Readonly<Record<string, string>>;
}
