import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, MaxLength } from 'class-validator';
import { ENTITY_ID_PATTERN } from '@serial/domain';
import type { ComponentNode, Page } from '@serial/read-models';
import { PageQueryDto } from '../http/pagination';
import { HistoryEntryDto } from '../serials/queries/serial-history.dto';
import { SerialViewDto } from '../serials/queries/serial-view.dto';

/** Exactly one of reference, movementId, vendorId, customerId and lot (checked by the controller). */
export class TraceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Every serial an event of a document with this reference touched',
    example: 'BILL-X',
  })
  @IsOptional()
  @MaxLength(128)
  reference?: string;
  @ApiPropertyOptional({ description: 'Every serial this movement document moved', example: 'WH/IN/00042' })
  @IsOptional()
  @MaxLength(128)
  movementId?: string;
  @ApiPropertyOptional({ description: 'Every serial received from this vendor', example: 'ACME' })
  @IsOptional()
  @MaxLength(128)
  vendorId?: string;
  @ApiPropertyOptional({
    description: 'Every serial delivered to, returned from or corrected at this customer',
    example: 'CUST-42',
  })
  @IsOptional()
  @MaxLength(128)
  customerId?: string;
  @ApiPropertyOptional({ description: 'Every serial of this lot, with its whole history', example: 'L-7' })
  @IsOptional()
  @MaxLength(128)
  lot?: string;
  @ApiPropertyOptional({ example: 'BATTERY-9' }) @IsOptional() @Matches(ENTITY_ID_PATTERN) productId?: string;
}

export class TraceItemDto {
  @ApiProperty({ example: 'BATTERY-9' }) productId!: string;
  @ApiProperty({ example: 'B-0007' }) serialNumber!: string;
  @ApiProperty({ type: [HistoryEntryDto], description: 'The entries that carry what was asked for' })
  entries!: HistoryEntryDto[];
  @ApiProperty({ type: SerialViewDto, description: 'The serial as it is now' }) serial!: SerialViewDto;
  @ApiProperty({
    type: SerialViewDto,
    nullable: true,
    description: 'The outermost unit it is installed in now; null when it is not installed',
  })
  topLevel!: SerialViewDto | null;
}

export class TracePageDto implements Page<TraceItemDto> {
  @ApiProperty({ type: [TraceItemDto] }) items!: TraceItemDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class ComponentNodeDto implements ComponentNode {
  @ApiProperty({ example: 'BATTERY-9' }) productId!: string;
  @ApiProperty({ example: 'B-0007' }) serialNumber!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T13:06:36.439Z' }) installedAt!: string;
  @ApiProperty({
    type: 'array',
    items: { $ref: '#/components/schemas/ComponentNodeDto' },
    description: 'What is installed in this component, in turn',
    example: [],
  })
  components!: ComponentNodeDto[];
}

export class ComponentsDto {
  @ApiProperty({ type: [ComponentNodeDto], description: 'Installed in the serial now, recursively' })
  items!: ComponentNodeDto[];
}

export class SerialTraceDto {
  @ApiProperty({ type: SerialViewDto }) serial!: SerialViewDto;
  @ApiProperty({
    type: [SerialViewDto],
    description: 'From the direct parent up to the outermost unit; empty when not installed',
  })
  installedIn!: SerialViewDto[];
  @ApiProperty({ type: [ComponentNodeDto], description: 'Installed in the serial now, recursively' })
  components!: ComponentNodeDto[];
}
