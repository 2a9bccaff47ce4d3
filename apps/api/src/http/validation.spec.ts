import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDefined, IsInt, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { ValidationFailedError } from './application-errors';
import { createValidationPipe } from './validation';

class Range {
  @IsString() first!: string;
  @IsInt() @Min(1) count!: number;
}

class Line {
  @IsString() productId!: string;
  @IsInt() quantity!: number;
}

class Body {
  @IsString() productId!: string;
  @ValidateNested() @Type(() => Range) range!: Range;
  @ValidateNested({ each: true }) @Type(() => Line) @ArrayMaxSize(2) lines!: Line[];
}

async function fieldErrors(value: unknown) {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Body });
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.errors;
    throw error;
  }
  throw new Error('expected a ValidationFailedError');
}

describe('createValidationPipe', () => {
  it('lists every failing field with its dotted path, and names unknown fields', async () => {
    const errors = await fieldErrors({
      productId: 7,
      range: { first: 'SN-1', count: 0, extra: true },
      lines: [
        { productId: 'P', quantity: 1 },
        { productId: 'P', quantity: 'two' },
      ],
      color: 'red',
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'productId', message: 'productId must be a string' },
        { field: 'range.count', message: 'count must not be less than 1' },
        { field: 'range.extra', message: 'property extra should not exist' },
        { field: 'lines.1.quantity', message: 'quantity must be an integer number' },
        { field: 'color', message: 'property color should not exist' },
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it('names a missing required field once, with the message that says it is missing', async () => {
    class WithPartner {
      @IsDefined({ message: 'partnerId is required' }) @IsString() @Matches(/^[A-Z]+$/) partnerId!: string;
    }
    let errors: unknown;
    try {
      await createValidationPipe().transform({}, { type: 'body', metatype: WithPartner });
    } catch (error) {
      errors = (error as ValidationFailedError).errors;
    }
    expect(errors).toEqual([{ field: 'partnerId', message: 'partnerId is required' }]);
  });

  it('keeps the body out of the error', async () => {
    const errors = await fieldErrors({ productId: 'secret-value', range: { first: 1, count: 1 }, lines: [] });
    expect(JSON.stringify(errors)).not.toContain('secret-value');
  });

  it('transforms a valid body into the DTO class', async () => {
    const body = { productId: 'P', range: { first: 'SN-1', count: 3 }, lines: [] };
    const dto = await createValidationPipe().transform(body, { type: 'body', metatype: Body });
    expect(dto).toBeInstanceOf(Body);
    expect(dto.range).toBeInstanceOf(Range);
  });
});
