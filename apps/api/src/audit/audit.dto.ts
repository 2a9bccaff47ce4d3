import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class AuditEventsQueryDto {
  @ApiPropertyOptional({ description: 'First global position to return (decimal string)', example: '0' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'fromPosition must be a non-negative decimal integer' })
  fromPosition?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100, example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
