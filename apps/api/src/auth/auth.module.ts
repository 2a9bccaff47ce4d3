import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, resolveJwtSecret } from '@serial/runtime';
import { Hs256TokenVerifier } from './hs256-token-verifier';
import { TOKEN_VERIFIER } from './token-verifier';

/** The verifier of bearer tokens, for authenticateRequests (app.factory.ts). */
@Module({
  providers: [
    {
      provide: TOKEN_VERIFIER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Hs256TokenVerifier(resolveJwtSecret(config, new Logger('Auth')), {
          maxLifetimeSeconds: config.authMaxTokenLifetimeSeconds,
        }),
    },
  ],
  exports: [TOKEN_VERIFIER],
})
export class AuthModule {}
