import { createHash, generateKeyPairSync } from 'node:crypto';
import { checkTreeHead, keyIdOf, signTreeHead, treeHeadSigningInput, type TreeHead } from './tree-head';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const head: TreeHead = {
  treeSize: 42,
  rootHash: 'ab'.repeat(32),
  lastPosition: '42',
  signedAt: '2026-12-03T13:06:41.711Z',
};

describe('signed tree heads', () => {
  it('signs the RFC 8785 form of treeSize, rootHash, lastPosition and signedAt', () => {
    expect(treeHeadSigningInput({ ...head, keyId: 'x', signature: 'y' } as TreeHead).toString()).toBe(
      `{"lastPosition":"42","rootHash":"${'ab'.repeat(32)}","signedAt":"2026-12-03T13:06:41.711Z","treeSize":42}`,
    );
  });

  it('names the key by the SHA-256 of its public DER, from either half of the pair', () => {
    const der = publicKey.export({ type: 'spki', format: 'der' });

    expect(keyIdOf(publicKey)).toBe(createHash('sha256').update(der).digest('hex'));
    expect(keyIdOf(privateKey)).toBe(keyIdOf(publicKey));
  });

  it('verifies with the public key, and with nothing else', () => {
    const signed = signTreeHead(head, privateKey);
    const other = generateKeyPairSync('ed25519').publicKey;

    expect(signed).toMatchObject({ ...head, keyId: keyIdOf(publicKey) });
    expect(Buffer.from(signed.signature, 'base64')).toHaveLength(64);
    expect(checkTreeHead(signed, publicKey)).toBe('valid');
    expect(checkTreeHead(signed, other)).toBe('other-key');
    expect(checkTreeHead({ ...signed, keyId: keyIdOf(other) }, other)).toBe('bad-signature');
  });

  it.each([
    ['treeSize', { treeSize: 41 }],
    ['rootHash', { rootHash: 'cd'.repeat(32) }],
    ['lastPosition', { lastPosition: '41' }],
    ['signedAt', { signedAt: '2027-01-01T00:00:00.000Z' }],
    ['signature', { signature: Buffer.alloc(64).toString('base64') }],
    ['a truncated signature', { signature: 'AAAA' }],
  ])('refuses a head with a changed %s', (_field, change) => {
    expect(checkTreeHead({ ...signTreeHead(head, privateKey), ...change }, publicKey)).toBe('bad-signature');
  });
});
