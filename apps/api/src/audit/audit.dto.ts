import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsPosition, PlainInteger } from '../http/integers';

export class AuditEventsQueryDto {
  @ApiPropertyOptional({ description: 'First global position to return (decimal string)', example: '0' })
  @IsOptional()
  @IsPosition()
  fromPosition?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100, example: 100 })
  @IsOptional()
  @PlainInteger()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
