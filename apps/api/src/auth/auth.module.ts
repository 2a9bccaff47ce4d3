import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, resolveJwtSecret } from '@serial/runtime';
import { Hs256TokenVerifier } from './hs256-token-verifier';
import { JwksTokenVerifier } from './jwks-token-verifier';
import { TOKEN_VERIFIER, TokenVerifier } from './token-verifier';

/**
 * The verifier of bearer tokens, for authenticateRequests (app.factory.ts): the identity provider's
 * when AUTH_JWKS_URL is set, else HS256 with the shared or generated secret (which alone logs a
 * ready admin token).
 */
@Module({
  providers: [
    {
      provide: TOKEN_VERIFIER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): TokenVerifier => tokenVerifierFor(config, new Logger('Auth')),
    },
  ],
  exports: [TOKEN_VERIFIER],
})
export class AuthModule {}

function tokenVerifierFor(config: AppConfig, logger: Logger): TokenVerifier {
  const maxLifetimeSeconds = config.authMaxTokenLifetimeSeconds;
  const provider = config.identityProvider;
  if (provider === undefined) {
    return new Hs256TokenVerifier(resolveJwtSecret(config, logger), { maxLifetimeSeconds });
  }
  const verifier = new JwksTokenVerifier(
    provider,
    { maxLifetimeSeconds, claims: { user: provider.userClaim, roles: provider.rolesClaim } },
    logger,
  );
  // Not awaited: a provider that is down at start must not keep the service (and its health) down.
  void verifier.loadKeys();
  return verifier;
}
