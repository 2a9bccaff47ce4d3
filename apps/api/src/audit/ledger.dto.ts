import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsPosition, PlainInteger } from '../http/integers';

// From one real run (docs/api.md): the key verifies the signature of the head.
const ROOT_EXAMPLE = '2de1ac8fd77c6c17258e1dfe2ef86467e616fd408665e398b92b5c08d13a1e0a';
const KEY_ID_EXAMPLE = 'ba48babc9442be854c22bb8182a95eb073443d12feb2084ebae5fd3d3950ba3b';
const PATH_EXAMPLE = [
  'ee6590dbb6216ceeab95122b88939965f08eb5c6251b64a55be0fc90e67c1423',
  '6391f08531c62d653cdf321f5ae220b880760de1e587562470174414c0361fde',
];
const SIZE = { minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;

export class SignedTreeHeadDto {
  @ApiProperty({ description: 'Events in the tree (leaves), counted in global order', example: 26 })
  treeSize!: number;
  @ApiProperty({
    description: 'RFC 9162 Merkle tree hash of those events, lowercase hex',
    example: ROOT_EXAMPLE,
  })
  rootHash!: string;
  @ApiProperty({
    description: 'The last leaf\'s event position (decimal string), "0" when empty',
    example: '26',
  })
  lastPosition!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T14:30:10.379Z' }) signedAt!: string;
  @ApiProperty({
    description: "Lowercase hex SHA-256 of the signing key's public DER (SPKI)",
    example: KEY_ID_EXAMPLE,
  })
  keyId!: string;
  @ApiProperty({
    description:
      'Base64 Ed25519 signature over the UTF-8 bytes of the RFC 8785 JCS of { treeSize, rootHash, lastPosition, signedAt }',
    example: 'mm1qzizcLWUhs/lxXxgd8242Co+TxU+vDcrCbrv+g03LFPPKFzKYG8kB1lMvlKU10YUpvthwqyIl95WBYjgFAQ==',
  })
  signature!: string;
}

export class LedgerKeyDto {
  @ApiProperty({ example: KEY_ID_EXAMPLE }) keyId!: string;
  @ApiProperty({
    description: 'The Ed25519 public key, PEM (SPKI)',
    example:
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAv9t3mBhSMszua7FcyP8FqN1ZgOOo/4PY7GZCd9IKyjI=\n-----END PUBLIC KEY-----\n',
  })
  publicKey!: string;
}

export class InclusionProofDto {
  @ApiProperty({ description: "The event's leaf index: its place in global order, from 0", example: 5 })
  leafIndex!: number;
  @ApiProperty({ example: 26 }) treeSize!: number;
  @ApiProperty({
    type: [String],
    description: 'RFC 9162 inclusion proof, lowercase hex, leaf to root',
    example: PATH_EXAMPLE,
  })
  auditPath!: string[];
}

export class ConsistencyProofDto {
  @ApiProperty({ example: 20 }) fromSize!: number;
  @ApiProperty({ example: 26 }) toSize!: number;
  @ApiProperty({
    type: [String],
    description: 'RFC 9162 consistency proof, lowercase hex',
    example: PATH_EXAMPLE,
  })
  proof!: string[];
}

export class InclusionQueryDto {
  @ApiProperty({ description: "The event's global position (decimal string)", example: '6' })
  @IsPosition()
  position!: string;

  @ApiPropertyOptional({
    ...SIZE,
    description: 'The tree to prove it in; default the current head',
    example: 26,
  })
  @IsOptional()
  @PlainInteger()
  @IsInt()
  @Min(SIZE.minimum)
  @Max(SIZE.maximum)
  treeSize?: number;
}

export class ConsistencyQueryDto {
  @ApiProperty({ ...SIZE, description: 'The size of the earlier tree head (the one you kept)', example: 20 })
  @PlainInteger()
  @IsInt()
  @Min(SIZE.minimum)
  @Max(SIZE.maximum)
  fromSize!: number;

  @ApiPropertyOptional({
    ...SIZE,
    description: 'The size of the later tree head; default the current head',
    example: 26,
  })
  @IsOptional()
  @PlainInteger()
  @IsInt()
  @Min(SIZE.minimum)
  @Max(SIZE.maximum)
  toSize?: number;
}
