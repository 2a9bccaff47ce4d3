import { SkipIdempotency } from '../idempotency/idempotency-request';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ValidationFailedError } from '../http/application-errors';
import { READ_STORE, toSerialView, type ReadStore } from '@serial/read-models';
import { ApiProblems } from '../http/problem.openapi';
import { InvalidScanError, parseScan, type ScanResult } from './parse-scan';
import { PRODUCT_BY_GTIN, type ProductByGtin } from './product-by-gtin';
import { ScanDto, ScanResultDto } from './scan.dto';
import { ReadsReadModels } from '../http/read-your-writes';

@ApiTags('movements')
@Controller('v1')
export class ScanController {
  constructor(
    @Inject(PRODUCT_BY_GTIN) private readonly products: ProductByGtin,
    @Inject(READ_STORE) private readonly readStore: Pick<ReadStore, 'getSerial'>,
  ) {}

  @Post('scan')
  @HttpCode(200)
  @Roles('operator')
  @SkipIdempotency()
  @ReadsReadModels()
  @ApiOperation({
    summary:
      "Read a scanned code: the serial, the GTIN, product, lot and expiry it names, and the serial's view",
  })
  @ApiOkResponse({ type: ScanResultDto })
  @ApiProblems({
    code: 'VALIDATION_FAILED',
    detail: 'code: GTIN 09506000134353 has a wrong check digit',
    errors: [{ field: 'code', message: 'GTIN 09506000134353 has a wrong check digit' }],
  })
  async scan(@Body() { code }: ScanDto): Promise<ScanResultDto> {
    const { serialNumber, gtin, ...details } = readScan(code);
    const productId = gtin === undefined ? null : await this.products.findProductIdByGtin(gtin);
    // Absent fields are left out, not null (API.md marks them optional); with a product, `serial` is
    // its serial's current view, or null when the read models know no such serial.
    const known = productId === null ? null : await this.readStore.getSerial(productId, serialNumber);
    return {
      serialNumber,
      ...(gtin !== undefined && { gtin }),
      ...(productId !== null && { productId, serial: known && toSerialView(known, new Date()) }),
      ...details,
    };
  }
}

function readScan(code: string): ScanResult {
  try {
    return parseScan(code);
  } catch (error) {
    if (error instanceof InvalidScanError) {
      throw new ValidationFailedError([{ field: 'code', message: error.message }]);
    }
    throw error;
  }
}
