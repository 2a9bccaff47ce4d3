import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
} from 'class-validator';
import {
  BUSINESS_EVENT_TYPES,
  ENTITY_ID_PATTERN,
  webhookSecretProblem,
  webhookUrlProblem,
} from '@serial/domain';
import type { WebhookStatus } from '@serial/read-models';
import { EntityId } from '../http/fields';
import { IsPosition } from '../http/integers';

/** A class-validator check from one of the domain's `…Problem` rules, which say what is wrong. */
function Satisfies(name: string, problem: (value: string) => string | undefined) {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => typeof value === 'string' && problem(value) === undefined,
      defaultMessage: (args) =>
        `${args?.property} ${typeof args?.value === 'string' ? problem(args.value) : 'must be a string'}`,
    },
  });
}

function Position(description: string, options: { optional: boolean }) {
  const doc = { description, example: '1200' };
  return applyDecorators(
    options.optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    ...(options.optional ? [IsOptional()] : []),
    IsString(),
    IsPosition(),
  );
}

export class CreateWebhookDto {
  @EntityId('Webhook id, chosen by the caller', { example: 'erp-serials' }) id!: string;

  @ApiProperty({
    description: 'Where deliveries are POSTed: http or https',
    example: 'https://erp.example.com/hooks/serials',
  })
  @IsString()
  @MaxLength(2048)
  @Satisfies('webhookUrl', webhookUrlProblem)
  url!: string;

  @ApiProperty({
    description: 'Standard Webhooks secret: whsec_ and the base64 of 24-64 random bytes; never shown again',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  @IsString()
  @MaxLength(200)
  @Satisfies('webhookSecret', webhookSecretProblem)
  secret!: string;

  @ApiPropertyOptional({
    description: 'Event types to deliver (all when absent or empty)',
    enum: BUSINESS_EVENT_TYPES,
    isArray: true,
    example: ['SerialDelivered', 'SerialReturned'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(BUSINESS_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(BUSINESS_EVENT_TYPES, {
    each: true,
    message: `each value in types must be one of ${BUSINESS_EVENT_TYPES.join(', ')}`,
  })
  types?: string[];

  @ApiPropertyOptional({
    description: 'Only events whose data.productId is one of these (all when absent or empty)',
    type: [String],
    example: ['LAPTOP'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(ENTITY_ID_PATTERN, { each: true, message: 'each value in productIds must be a product id' })
  productIds?: string[];

  @Position('Deliver the events after this position (default: the head, so only new events)', {
    optional: true,
  })
  fromPosition?: string;
}

export class RedeliverWebhookDto {
  @Position('Delivery continues after this position', { optional: false })
  fromPosition!: string;
}

export class WebhookDto {
  @ApiProperty({ example: 'erp-serials' }) id!: string;
  @ApiProperty({ example: 'https://erp.example.com/hooks/serials' }) url!: string;
  @ApiProperty({ type: [String], example: ['SerialDelivered', 'SerialReturned'] }) types!: string[];
  @ApiProperty({ type: [String], example: ['LAPTOP'] }) productIds!: string[];
  @ApiProperty({ enum: ['active', 'failing', 'paused'], example: 'active' }) status!: WebhookStatus;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The last event of the last delivery answered with 2xx (decimal string)',
    example: '1201',
  })
  deliveredPosition!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why the last try failed' })
  lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-01T09:30:01.250Z' })
  lastAttemptAt!: string | null;
  @ApiProperty({ example: '2026-12-01T09:00:00.000Z' }) createdAt!: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: [WebhookDto] }) items!: WebhookDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}
