import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ProblemFieldError } from './problem';

class ProblemDetailsFieldError {
  @ApiProperty({ description: 'The field, dotted for nested ones', example: 'productId' }) field!: string;
  @ApiProperty({ example: 'productId must be 1-64 characters from A-Z a-z 0-9 . _ : / -' }) message!: string;
  @ApiPropertyOptional({ description: 'The serial that broke a domain rule', example: 'SN-0404' })
  serialNumber?: string;
  @ApiPropertyOptional({
    description: 'The rule that serial broke, when serials broke different rules',
    example: 'SERIAL_NOT_FOUND',
  })
  code?: string;
}

/** The OpenAPI shape of ProblemDocument (problem.ts); each error response narrows `code` to its own codes. */
export class ProblemDetails {
  @ApiProperty({ example: 'https://serial-tracking/problems/serial-not-at-location' }) type!: string;
  @ApiProperty({ example: 'Serial not at location' }) title!: string;
  @ApiProperty({ type: 'integer', example: 409 }) status!: number;
  @ApiProperty({ example: 'Serial number SN-0098 is not on hand at WH/Stock' }) detail!: string;
  @ApiProperty({
    description: 'Stable error code (docs/api.md "Status codes and error codes"); branch on this',
    example: 'SERIAL_NOT_AT_LOCATION',
  })
  code!: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'Every offending serial of the request',
    example: ['SN-0098'],
  })
  serialNumbers?: string[];
  @ApiPropertyOptional({ type: [ProblemDetailsFieldError] }) errors?: ProblemDetailsFieldError[];
}

/** A code a route can answer with, optionally with the example the documentation shows for it. */
export type ProblemSpec =
  | string
  | {
      readonly code: string;
      readonly detail: string;
      readonly serialNumbers?: readonly string[];
      readonly errors?: readonly ProblemFieldError[];
    };

export const API_PROBLEMS_KEY = 'openapi:problems';

/**
 * The problem codes a route (on a method) or every route of a controller (on the class) can answer
 * with beyond the ones its auth, input, idempotency and read-your-writes already give (docs.ts adds
 * those): the domain's codes for that command, NOT_FOUND, CONCURRENCY_CONFLICT. A code given as
 * `{ code, detail }` documents this route's own example instead of the catalogue's.
 */
export const ApiProblems =
  (...problems: ProblemSpec[]): MethodDecorator & ClassDecorator =>
  (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor ? (descriptor.value as object) : target;
    const existing = (Reflect.getMetadata(API_PROBLEMS_KEY, holder) as ProblemSpec[] | undefined) ?? [];
    Reflect.defineMetadata(API_PROBLEMS_KEY, [...existing, ...problems], holder);
  };

/** The problems declared on a route's handler and its controller. */
export function declaredProblems(controller: object, handler: object): readonly ProblemSpec[] {
  const onClass = (Reflect.getMetadata(API_PROBLEMS_KEY, controller) as ProblemSpec[] | undefined) ?? [];
  const onHandler = (Reflect.getMetadata(API_PROBLEMS_KEY, handler) as ProblemSpec[] | undefined) ?? [];
  return [...onClass, ...onHandler];
}
