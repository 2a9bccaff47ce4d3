import { ApiProperty } from '@nestjs/swagger';
import type { StockRow } from '@serial/read-models';

export class StockRowDto implements StockRow {
  @ApiProperty({ example: 'LAPTOP-15' }) productId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'An internal location; with groupBy=product the location asked for, or null for all internal locations',
    example: 'WH/Stock/A/01',
  })
  locationId!: string | null;
  @ApiProperty({ type: 'integer', description: 'On hand and not reserved', example: 1 }) available!: number;
  @ApiProperty({ type: 'integer', example: 1 }) reserved!: number;
  @ApiProperty({ type: 'integer', example: 2 }) onHand!: number;
}

export class StockReportDto {
  @ApiProperty({
    type: [StockRowDto],
    description: 'By location, then product; with groupBy=product, by product',
  })
  items!: StockRowDto[];
}
