import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SigningAlgorithm = 'RS256' | 'PS256' | 'ES256' | 'EdDSA' | 'ES384';

interface SigningKey {
  readonly alg: SigningAlgorithm;
  readonly privateKey: KeyLike;
  readonly publicJwk: JWK;
}

export const TEST_ISSUER = 'https://sso.test/realms/serials';
export const TEST_AUDIENCE = 'serial-api';

/**
 * A real JWKS endpoint on 127.0.0.1, with keys the test adds, withdraws, and a provider that can go
 * down (connections refused) and come back on the same port. `fetches` counts the key-set requests.
 */
export class TestIdentityProvider {
  fetches = 0;
  /** 'garbage' answers 200 with a body that is no JSON; a status answers that status. */
  answer: 'keys' | 'garbage' | number = 'keys';
  private readonly keys = new Map<string, SigningKey>();
  private readonly withdrawn = new Set<string>();
  private readonly server: Server = createServer((request, response) => {
    this.fetches += 1;
    if (this.answer === 'garbage') return void response.end('<html>maintenance</html>');
    if (typeof this.answer === 'number') return void response.writeHead(this.answer).end();
    const published = [...this.keys].filter(([kid]) => !this.withdrawn.has(kid));
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: published.map(([, key]) => key.publicJwk) }));
  });
  private port = 0;

  static async start(): Promise<TestIdentityProvider> {
    const provider = new TestIdentityProvider();
    await provider.up();
    return provider;
  }

  get jwksUrl(): string {
    return `http://127.0.0.1:${this.port}/realms/serials/protocol/openid-connect/certs`;
  }

  /** The environment of a service that trusts this provider. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { AUTH_JWKS_URL: this.jwksUrl, AUTH_ISSUER: TEST_ISSUER, AUTH_AUDIENCE: TEST_AUDIENCE, ...extra };
  }

  /** Publishes a new key; returns its `kid`. */
  async addKey(alg: SigningAlgorithm, kid = `${alg}-${this.keys.size + 1}`): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(alg, {
      crv: alg === 'EdDSA' ? 'Ed25519' : undefined,
    });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    this.keys.set(kid, { alg, privateKey, publicJwk });
    return kid;
  }

  withdraw(kid: string): void {
    this.withdrawn.add(kid);
  }

  privateKeyOf(kid: string): KeyLike {
    const key = this.keys.get(kid);
    if (key === undefined) throw new Error(`no key ${kid}`);
    return key.privateKey;
  }

  /** A token signed with `kid` (the key may or may not be published), valid 5 minutes by default. */
  async sign(kid: string, claims: JWTPayload = {}, lifetimeSeconds = 300): Promise<string> {
    const key = this.keys.get(kid);
    if (key === undefined) throw new Error(`no key ${kid}`);
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      sub: 'clerk-anna',
      roles: ['operator'],
      iss: TEST_ISSUER,
      aud: TEST_AUDIENCE,
      iat: now,
      exp: now + lifetimeSeconds,
      ...claims,
    })
      .setProtectedHeader({ alg: key.alg, kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  /** Connections are refused from now on, as when the provider is down. */
  async down(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  async up(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (this.server.listening) await this.down();
  }
}
