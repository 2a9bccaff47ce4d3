import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { BUSINESS_EVENT_TYPES } from '@serial/domain';
import { EntityId } from '../http/fields';

export const POSITION_PATTERN = /^\d{1,19}$/;

export class FeedQueryDto {
  @ApiPropertyOptional({
    description: 'Start after this global position (decimal string); ignored when Last-Event-ID is sent',
    example: '1200',
  })
  @IsOptional()
  @Matches(POSITION_PATTERN, { message: 'fromPosition must be a non-negative decimal integer' })
  fromPosition?: string;

  @ApiPropertyOptional({
    description: `Comma-separated event types, of: ${BUSINESS_EVENT_TYPES.join(', ')}`,
    example: 'SerialDelivered,SerialReturned',
  })
  @IsOptional()
  @Matches(/^[A-Za-z]+(,[A-Za-z]+)*$/, { message: 'types must be event types separated by commas' })
  types?: string;

  @EntityId('Only events whose data.productId is this product', { optional: true, example: 'LAPTOP' })
  productId?: string;
}
