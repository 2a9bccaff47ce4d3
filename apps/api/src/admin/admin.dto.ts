import { ApiProperty } from '@nestjs/swagger';
import type { ProjectionLag, ProjectorState } from '@serial/read-models';

const PROJECTION_STATES = [
  'starting',
  'catching_up',
  'live',
  'stalled',
  'stopped',
  'elsewhere',
] as const satisfies readonly (ProjectorState | 'elsewhere')[];

export class ProjectionDto implements ProjectionLag {
  @ApiProperty({ description: 'A read model', example: 'serials' }) name!: string;
  @ApiProperty({ description: 'The last position applied (decimal string)', example: '26' })
  checkpoint!: string;
  @ApiProperty({ type: 'integer', description: "How far the event store's head is beyond it", example: 0 })
  lag!: number;
  @ApiProperty({
    enum: PROJECTION_STATES,
    description: "The projector's; `elsewhere` when this process does not apply events",
    example: 'live',
  })
  state!: (typeof PROJECTION_STATES)[number];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it is stalled',
    example: 'at position 27: SQLITE_BUSY: database is locked',
  })
  error!: string | null;
  @ApiProperty({ description: 'Whether a rebuild runs', example: false }) rebuilding!: boolean;
}

export class RebuildStartedDto {
  @ApiProperty({ enum: ['rebuilding'], example: 'rebuilding' }) status!: 'rebuilding';
}
