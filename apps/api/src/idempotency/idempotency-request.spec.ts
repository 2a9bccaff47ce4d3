import { ValidationFailedError } from '../http/application-errors';
import { bodyHash, isSafeMethod, parseIdempotencyKey, requestScope } from './idempotency-request';

describe('parseIdempotencyKey', () => {
  it('is undefined without the header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each(['a', 'order 42/line:7', 'k'.repeat(255)])('accepts %j', (key) => {
    expect(parseIdempotencyKey(key)).toBe(key);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['a control character', 'a\u0007b'],
    ['a non-ASCII character', 'schlüssel'],
    ['a repeated header', ['a', 'b']],
  ])('refuses %s with 400 VALIDATION_FAILED naming the header', (_name, header) => {
    try {
      parseIdempotencyKey(header);
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect((error as ValidationFailedError).errors[0].field).toBe('Idempotency-Key');
    }
  });
});

describe('bodyHash', () => {
  it('ignores key order and whitespace', () => {
    const a = JSON.parse(
      '{ "productId": "P", "serialNumbers": ["1", "2"], "range": {"first": "x", "count": 2} }',
    );
    const b = JSON.parse('{"range":{"count":2,"first":"x"},"serialNumbers":["1","2"],"productId":"P"}');
    expect(bodyHash(a)).toBe(bodyHash(b));
  });

  it('tells apart different values, array orders and no body from an empty one', () => {
    const hashes = [
      bodyHash({ serialNumbers: ['1', '2'] }),
      bodyHash({ serialNumbers: ['2', '1'] }),
      bodyHash({ serialNumbers: ['1', '2'], reference: 'R' }),
      bodyHash({}),
      bodyHash(undefined),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(bodyHash(undefined)).toBe(bodyHash(null));
  });
});

describe('requestScope', () => {
  it('keeps the concrete path and drops the query string', () => {
    expect(requestScope('patch', '/v1/products/A?x=1')).toBe('PATCH /v1/products/A');
    expect(requestScope('PATCH', '/v1/products/B')).toBe('PATCH /v1/products/B');
  });
});

describe('isSafeMethod', () => {
  it.each([
    ['GET', true],
    ['head', true],
    ['OPTIONS', true],
    ['POST', false],
    ['PUT', false],
    ['PATCH', false],
    ['DELETE', false],
  ])('%s: %s', (method, safe) => expect(isSafeMethod(method)).toBe(safe));
});
