import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonical JSON', () => {
  it('matches the canonicalize package on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches it on objects with array-index-like, unicode and escaped keys', () => {
    const keys = fc.oneof(
      fc.constantFrom('0', '10', '9', '01', '-1', '1e3', '4294967295', 'é', '\u0000', '"'),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.dictionary(keys, fc.jsonValue(), { maxKeys: 8 }), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys by UTF-16 code units and writes numbers in their shortest form', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, -0], '\u20ac': 'x', A: null })).toBe(
      '{"A":null,"a":[1e+21,0.1,0],"b":1,"€":"x"}',
    );
  });
});
