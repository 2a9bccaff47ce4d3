import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { MAX_COMPONENTS_PER_INSTALL } from '@serial/domain';
import { EntityId, SerialNumber, Text } from '../http/fields';

export class SerialRefInputDto {
  @EntityId('Product id', { example: 'LAPTOP-15' }) productId!: string;
  @SerialNumber() serialNumber!: string;
}

abstract class AssemblyDto {
  @ApiProperty({ type: SerialRefInputDto, description: 'The unit the components go into or come out of' })
  @ValidateNested()
  @Type(() => SerialRefInputDto)
  parent!: SerialRefInputDto;

  @ApiProperty({
    type: [SerialRefInputDto],
    minItems: 1,
    maxItems: MAX_COMPONENTS_PER_INSTALL,
    example: [{ productId: 'BATTERY-9', serialNumber: 'B-0007' }],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_COMPONENTS_PER_INSTALL)
  @ValidateNested({ each: true })
  @Type(() => SerialRefInputDto)
  components!: SerialRefInputDto[];

  @Text('Work order or service ticket', { optional: true, max: 128, example: 'WO-2026-77' })
  reference?: string;
}

export class InstallComponentsDto extends AssemblyDto {}

export class UninstallComponentsDto extends AssemblyDto {
  @EntityId('Where the components come out: internal, or scrap for a faulty part', {
    example: 'Virtual/Scrap',
  })
  toLocationId!: string;
  @Text('Why', { example: 'battery swollen' }) reason!: string;
}
