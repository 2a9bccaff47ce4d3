import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  ENTITY_ID_PATTERN,
  MAX_SERIALS_PER_REQUEST,
  normalizeSerialNumber,
  PRINTABLE_TEXT_PATTERN,
  SERIAL_NUMBER_PATTERN,
} from '@serial/domain';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const serial = (value: unknown) => (typeof value === 'string' ? normalizeSerialNumber(value) : value);
const normalize = ({ value }: { value: unknown }) => serial(value);
const normalizeEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(serial) : value);

const idMessage = 'must be 1-64 characters from A-Z a-z 0-9 . _ : / -';
const serialMessage = 'must be 1-128 printable characters';
const textMessage = 'must hold printable characters only (no control, format or line-separator characters)';

export function EntityId(description: string, options: { optional?: boolean; example?: string } = {}) {
  const doc = { description, pattern: ENTITY_ID_PATTERN.source, example: options.example };
  return applyDecorators(
    options.optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    ...(options.optional ? [IsOptional()] : []),
    IsString(),
    Matches(ENTITY_ID_PATTERN, { message: `$property ${idMessage}` }),
  );
}

export function SerialNumber(
  description = 'A serial number; surrounding whitespace is trimmed, and it is read in Unicode NFC',
  options: { example?: string } = {},
) {
  return applyDecorators(
    ApiProperty({ description, maxLength: 128, example: options.example ?? 'SN-0098' }),
    Transform(normalize),
    IsString(),
    Matches(SERIAL_NUMBER_PATTERN, { message: `$property ${serialMessage}` }),
  );
}

export function SerialNumbers(options: { optional?: boolean; example?: string[] } = {}) {
  const doc = {
    description: `Serial numbers, 1 to ${MAX_SERIALS_PER_REQUEST}, each trimmed and read in Unicode NFC; all-or-nothing`,
    type: String,
    isArray: true,
    maxItems: MAX_SERIALS_PER_REQUEST,
    example: options.example ?? ['SN-0098', 'SN-0099'],
  };
  return applyDecorators(
    options.optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    ...(options.optional ? [IsOptional()] : []),
    Transform(normalizeEach),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_SERIALS_PER_REQUEST),
    IsString({ each: true }),
    Matches(SERIAL_NUMBER_PATTERN, { each: true, message: `each value in $property ${serialMessage}` }),
  );
}

/**
 * Free text the clerk types (reasons, names, references): trimmed, 1-500 characters, printable
 * only. Control, format (bidi) and line-separator characters would end up in hash-chained events,
 * logs and spreadsheets, where they hide or reorder what was written (API.md "Conventions").
 */
export function Text(
  description: string,
  options: { optional?: boolean; max?: number; example?: string } = {},
) {
  const doc = { description, maxLength: options.max ?? 500, example: options.example };
  return applyDecorators(
    options.optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    ...(options.optional ? [IsOptional()] : []),
    Transform(trim),
    IsString(),
    MinLength(1),
    MaxLength(options.max ?? 500),
    Matches(PRINTABLE_TEXT_PATTERN, { message: `$property ${textMessage}` }),
  );
}

export function Timestamp(description: string, options: { example?: string } = {}) {
  return applyDecorators(
    ApiProperty({ description, format: 'date-time', example: options.example ?? '2026-12-03T13:06:36.432Z' }),
    IsISO8601({ strict: true }),
  );
}
