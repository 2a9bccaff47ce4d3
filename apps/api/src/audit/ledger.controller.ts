import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/problem.openapi';
import { ReadsReadModels } from '../http/read-your-writes';
import {
  ConsistencyProofDto,
  ConsistencyQueryDto,
  InclusionProofDto,
  InclusionQueryDto,
  LedgerKeyDto,
  SignedTreeHeadDto,
} from './ledger.dto';
import { LedgerService } from './ledger.service';

/**
 * The signed ledger (API.md "Ledger"): what an auditor keeps (a signed head) and what lets them check
 * the server later without trusting it (RFC 9162 proofs against heads they hold).
 */
@ApiTags('audit')
@Roles('auditor')
@Controller('v1/audit/ledger')
export class LedgerController {
  constructor(@Inject(LedgerService) private readonly ledger: LedgerService) {}

  @Get()
  @ReadsReadModels()
  @ApiOperation({ summary: 'The signed tree head: size, RFC 9162 root hash and last position of the ledger' })
  @ApiOkResponse({ type: SignedTreeHeadDto })
  head(): Promise<SignedTreeHeadDto> {
    return this.ledger.head();
  }

  @Get('key')
  @ApiOperation({ summary: 'The Ed25519 public key that signs tree heads' })
  @ApiOkResponse({ type: LedgerKeyDto })
  key(): LedgerKeyDto {
    return this.ledger.key();
  }

  @Get('inclusion')
  @ReadsReadModels()
  @ApiOperation({ summary: 'The RFC 9162 inclusion proof of the event at a position in a tree of a size' })
  @ApiOkResponse({ type: InclusionProofDto })
  @ApiProblems(
    {
      code: 'VALIDATION_FAILED',
      detail: 'treeSize: the event at position 42 is leaf 41, not in a tree of 40',
      errors: [{ field: 'treeSize', message: 'the event at position 42 is leaf 41, not in a tree of 40' }],
    },
    { code: 'NOT_FOUND', detail: 'No event has position 9000' },
  )
  inclusion(@Query() query: InclusionQueryDto): Promise<InclusionProofDto> {
    return this.ledger.inclusion(BigInt(query.position), query.treeSize);
  }

  @Get('consistency')
  @ReadsReadModels()
  @ApiOperation({ summary: 'The RFC 9162 consistency proof between an earlier tree head and a later one' })
  @ApiOkResponse({ type: ConsistencyProofDto })
  @ApiProblems({
    code: 'VALIDATION_FAILED',
    detail: 'fromSize: must not be larger than toSize (40)',
    errors: [{ field: 'fromSize', message: 'must not be larger than toSize (40)' }],
  })
  consistency(@Query() query: ConsistencyQueryDto): Promise<ConsistencyProofDto> {
    return this.ledger.consistency(query.fromSize, query.toSize);
  }
}
