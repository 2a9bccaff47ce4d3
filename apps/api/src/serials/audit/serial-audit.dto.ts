import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class AsOfQueryDto {
  @ApiPropertyOptional({
    description: 'Rebuild the state from events recorded up to this time; default now',
    format: 'date-time',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}
