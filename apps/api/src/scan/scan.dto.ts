import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { SerialViewDto } from '../serials/queries/serial-view.dto';

export const MAX_SCAN_LENGTH = 512;

export class ScanDto {
  @ApiProperty({
    description:
      'What the scanner read: a GS1 element string (GS1-128, DataMatrix; with or without symbology ' +
      'identifier and FNC1 group separators, or bracketed), a GS1 Digital Link URL, or a plain serial',
    minLength: 1,
    maxLength: MAX_SCAN_LENGTH,
    example: '(01)09506000134352(17)271231(10)LOT7(21)SN-0200',
  })
  // Keyboard-wedge scanners end the code with a line break.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SCAN_LENGTH)
  code!: string;
}

export class ScanResultDto {
  @ApiProperty({ example: 'SN-0200' }) serialNumber!: string;
  @ApiPropertyOptional({ description: 'AI 01, always 14 digits', example: '09506000134352' }) gtin?: string;
  @ApiPropertyOptional({ description: 'The product whose gtin matches', example: 'LAPTOP-15' })
  productId?: string;
  @ApiPropertyOptional({ description: 'AI 10', example: 'LOT7' }) lot?: string;
  @ApiPropertyOptional({ description: 'AI 17 as YYYY-MM-DD', format: 'date', example: '2027-12-31' })
  expiry?: string;
  @ApiPropertyOptional({
    description:
      "With a product: the serial's current view (SerialView), or null when it is not known; honours X-Min-Position",
    type: SerialViewDto,
    nullable: true,
  })
  serial?: SerialViewDto | null;
}
