import { createSecretKey, type KeyObject } from 'node:crypto';
import { jwtVerify, type JWTPayload } from 'jose';
import { JwtTokenVerifier, type TokenRules } from './token-verifier';

/** Tokens signed with the shared secret (AUTH_JWT_SECRET, or the one generated into DATA_DIR). */
export class Hs256TokenVerifier extends JwtTokenVerifier {
  private readonly key: KeyObject;

  constructor(secret: string, rules: TokenRules) {
    super(rules);
    // A KeyObject, made once: jose would otherwise import the secret again on every verification.
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  protected async verifySignature(token: string, currentDate: Date): Promise<JWTPayload> {
    // `algorithms` pins HS256: `alg: none`, HS512 and every asymmetric algorithm are refused.
    const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], currentDate });
    return payload;
  }
}
