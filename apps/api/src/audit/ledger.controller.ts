import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiProblemResponse } from '../http/problem.openapi';
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
  @ApiProblemResponse(
    400,
    'VALIDATION_FAILED: treeSize is beyond the current head or does not include the event',
  )
  @ApiProblemResponse(404, 'NOT_FOUND: no event has that position')
  inclusion(@Query() query: InclusionQueryDto): Promise<InclusionProofDto> {
    return this.ledger.inclusion(BigInt(query.position), query.treeSize);
  }

  @Get('consistency')
  @ReadsReadModels()
  @ApiOperation({ summary: 'The RFC 9162 consistency proof between an earlier tree head and a later one' })
  @ApiOkResponse({ type: ConsistencyProofDto })
  @ApiProblemResponse(
    400,
    'VALIDATION_FAILED: a size beyond the current head, or fromSize larger than toSize',
  )
  consistency(@Query() query: ConsistencyQueryDto): Promise<ConsistencyProofDto> {
    return this.ledger.consistency(query.fromSize, query.toSize);
  }
}
