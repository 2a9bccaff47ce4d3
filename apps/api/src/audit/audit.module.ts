import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { ledgerSigningKeyProvider } from './ledger-key.provider';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';

@Module({
  controllers: [AuditController, LedgerController],
  providers: [ledgerSigningKeyProvider, LedgerService],
})
export class AuditModule {}
