import { ApiProperty } from '@nestjs/swagger';
import type { ReadinessReport } from './readiness';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status!: 'ok';
}

export class ReadinessReportDto implements ReadinessReport {
  @ApiProperty({ enum: ['ready', 'unavailable'], example: 'ready' }) status!: 'ready' | 'unavailable';
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['up', 'down'] },
    description: 'Each store (`eventStore`, `readStore`): `up` when it answered within 2 s',
    example: { eventStore: 'up', readStore: 'up' },
  })
  checks!: Readonly<Record<string, 'up' | 'down'>>;
}
