import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const HEX_EXAMPLE = 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7';
const SIZE = { minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;

export class SignedTreeHeadDto {
  @ApiProperty({ description: 'Events in the tree (leaves), counted in global order', example: 42 })
  treeSize!: number;
  @ApiProperty({
    description: 'RFC 9162 Merkle tree hash of those events, lowercase hex',
    example: HEX_EXAMPLE,
  })
  rootHash!: string;
  @ApiProperty({
    description: 'The last leaf\'s event position (decimal string), "0" when empty',
    example: '42',
  })
  lastPosition!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T13:06:41.902Z' }) signedAt!: string;
  @ApiProperty({
    description: "Lowercase hex SHA-256 of the signing key's public DER (SPKI)",
    example: HEX_EXAMPLE,
  })
  keyId!: string;
  @ApiProperty({
    description:
      'Base64 Ed25519 signature over the UTF-8 bytes of the RFC 8785 JCS of { treeSize, rootHash, lastPosition, signedAt }',
    example: 'm0ZQk5dJc3V8Xb2Qv6w2Ctj8H1H0l2u9Ytf9c1Qb0nJ3nO1vQmXo0m2lq6s5vJm0ZQk5dJc3V8Xb2Qv6w2CtjA==',
  })
  signature!: string;
}

export class LedgerKeyDto {
  @ApiProperty({ example: HEX_EXAMPLE }) keyId!: string;
  @ApiProperty({
    description: 'The Ed25519 public key, PEM (SPKI)',
    example:
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA2k8pX0C4mQ3oC0uH1Yp8Gm0tZbQ7w4n1xkz0m0ZQk5c=\n-----END PUBLIC KEY-----\n',
  })
  publicKey!: string;
}

export class InclusionProofDto {
  @ApiProperty({ description: "The event's leaf index: its place in global order, from 0", example: 5 })
  leafIndex!: number;
  @ApiProperty({ example: 8 }) treeSize!: number;
  @ApiProperty({
    type: [String],
    description: 'RFC 9162 inclusion proof, lowercase hex, leaf to root',
    example: [HEX_EXAMPLE],
  })
  auditPath!: string[];
}

export class ConsistencyProofDto {
  @ApiProperty({ example: 6 }) fromSize!: number;
  @ApiProperty({ example: 8 }) toSize!: number;
  @ApiProperty({
    type: [String],
    description: 'RFC 9162 consistency proof, lowercase hex',
    example: [HEX_EXAMPLE],
  })
  proof!: string[];
}

export class InclusionQueryDto {
  @ApiProperty({ description: "The event's global position (decimal string)", example: '6' })
  @Matches(/^\d{1,19}$/, { message: 'position must be a non-negative decimal integer' })
  position!: string;

  @ApiPropertyOptional({ ...SIZE, description: 'The tree to prove it in; default the current head' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(SIZE.minimum)
  @Max(SIZE.maximum)
  treeSize?: number;
}

export class ConsistencyQueryDto {
  @ApiProperty({ ...SIZE, description: 'The size of the earlier tree head (the one you kept)', example: 6 })
  @Type(() => Number)
  @IsInt()
  @Min(SIZE.minimum)
  @Max(SIZE.maximum)
  fromSize!: number;

  @ApiPropertyOptional({ ...SIZE, description: 'The size of the later tree head; default the current head' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(SIZE.minimum)
  @Max(SIZE.maximum)
  toSize?: number;
}
