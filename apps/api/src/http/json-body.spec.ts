import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-body';

const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}1${close.repeat(depth)}`;

describe('exceedsJsonDepth', () => {
  it('admits nesting up to the limit and refuses one level more', () => {
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  });

  it('counts objects and arrays alike', () => {
    const objects = `${'{"a":'.repeat(5)}1${'}'.repeat(5)}`;
    expect(exceedsJsonDepth(objects, 5)).toBe(false);
    expect(exceedsJsonDepth(objects, 4)).toBe(true);
    expect(exceedsJsonDepth('{"lines":[{"productId":"P","quantity":1}]}', 3)).toBe(false);
  });

  it('measures depth, not the number of brackets', () => {
    expect(exceedsJsonDepth(`[${'[1],'.repeat(10_000)}[1]]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(JSON.stringify({ serialNumbers: ['[[[[{{{{', 'a"[[[[\\'] }), 2)).toBe(false);
  });

  it('refuses a 16 MiB run of brackets at once', () => {
    const started = Date.now();
    expect(exceedsJsonDepth('['.repeat(16 * 1024 * 1024), MAX_JSON_DEPTH)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
