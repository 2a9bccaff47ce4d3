import type { LoggerService } from '@nestjs/common';
import { jwtVerify, type JWTPayload } from 'jose';
import type { IdentityProviderConfig } from '@serial/runtime';
import { ProviderKeys, type ProviderKeyOptions } from './provider-keys';
import { JwtTokenVerifier, type TokenRules } from './token-verifier';

/** API.md "Identity providers": asymmetric only, so no key in the set can serve as an HMAC secret. */
export const PROVIDER_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

export type JwksVerifierOptions = Pick<IdentityProviderConfig, 'issuer' | 'audience'> & ProviderKeyOptions;

/**
 * Tokens of an identity provider (AUTH_JWKS_URL): signed by one of its published keys, issued by
 * AUTH_ISSUER for AUTH_AUDIENCE. The token rules, the claim paths and the cache of verified tokens
 * are the base class's.
 */
export class JwksTokenVerifier extends JwtTokenVerifier {
  private readonly keys: ProviderKeys;

  constructor(
    private readonly options: JwksVerifierOptions,
    rules: TokenRules,
    logger: Pick<LoggerService, 'warn' | 'log'>,
  ) {
    super(rules);
    this.keys = new ProviderKeys(options, logger);
  }

  /** Fetches the provider's keys, so the first requests need not wait (API.md: "fetched on start"). */
  loadKeys(): Promise<void> {
    return this.keys.load();
  }

  protected async verifySignature(token: string, currentDate: Date): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.keys.resolve, {
      issuer: this.options.issuer,
      audience: this.options.audience,
      algorithms: PROVIDER_ALGORITHMS,
      currentDate,
    });
    return payload;
  }
}
