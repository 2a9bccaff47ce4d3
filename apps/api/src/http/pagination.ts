import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { InvalidCursorError } from '@serial/read-models';
import { ValidationFailedError } from './application-errors';
import { PlainInteger } from './integers';

export const DEFAULT_PAGE_SIZE = 100;

/** API.md "Lists": limit 1-1000 (default 100), opaque cursor. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100, example: 100 })
  @IsOptional()
  @PlainInteger()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({
    description: "The previous page's nextCursor",
    example: 'WyJzZXJpYWxzIiwiTEFQVE9QLTE1IiwiU04tMDA5OSJd',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  cursor?: string;
}

/** A cursor the store did not issue is the caller's mistake: 400, naming the field. */
export async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new ValidationFailedError([{ field: 'cursor', message: error.message }]);
    throw error;
  }
}
