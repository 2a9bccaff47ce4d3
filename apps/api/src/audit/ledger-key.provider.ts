import { Logger, type Provider } from '@nestjs/common';
import { APP_CONFIG, resolveAuditSigningKey, type AppConfig } from '@serial/runtime';
import { LEDGER_SIGNING_KEY } from './ledger.service';

/** Resolved at start: a bad key file stops the service with the reason, not the first auditor's request. */
export const ledgerSigningKeyProvider: Provider = {
  provide: LEDGER_SIGNING_KEY,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => resolveAuditSigningKey(config, new Logger('Ledger')),
};
