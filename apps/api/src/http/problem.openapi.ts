import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem';

class ProblemDetailsFieldError {
  @ApiProperty({ example: 'range.count' }) field!: string;
  @ApiProperty({ example: 'count must not be less than 1' }) message!: string;
  @ApiPropertyOptional({ description: 'The serial that broke a domain rule' }) serialNumber?: string;
  @ApiPropertyOptional({ description: 'The rule that serial broke, when serials broke different rules' })
  code?: string;
}

/** The OpenAPI shape of ProblemDocument (problem.ts). */
export class ProblemDetails {
  @ApiProperty({ example: 'https://serial-tracking/problems/serial-not-at-location' }) type!: string;
  @ApiProperty({ example: 'Serial not at location' }) title!: string;
  @ApiProperty({ example: 409 }) status!: number;
  @ApiProperty({ example: 'Serial number SN-1 is not at WH/Stock' }) detail!: string;
  @ApiProperty({
    description: 'Stable error code (API.md); branch on this',
    example: 'SERIAL_NOT_AT_LOCATION',
  })
  code!: string;
  @ApiPropertyOptional({ type: [String], description: 'Every offending serial of the request' })
  serialNumbers?: string[];
  @ApiPropertyOptional({ type: [ProblemDetailsFieldError] }) errors?: ProblemDetailsFieldError[];
}

/** Documents an error response as `application/problem+json`, e.g. `@ApiProblemResponse(409, 'SERIAL_ALREADY_EXISTS')`. */
export const ApiProblemResponse = (status: number, description: string) =>
  applyDecorators(
    ApiExtraModels(ProblemDetails),
    ApiResponse({
      status,
      description,
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
    }),
  );
