import { createHash } from 'node:crypto';
import { StreamEnds } from './stream-ends';

const hashOf = (i: number) => createHash('sha256').update(String(i)).digest('hex');

describe('StreamEnds', () => {
  it('keeps the last revision and hash of every stream as it grows', () => {
    const ends = new StreamEnds();
    for (let i = 0; i < 3000; i++) ends.set(`stream-${i}`, 0, hashOf(i));
    ends.set('stream-7', 1, hashOf(-7));

    expect(ends.size).toBe(3000);
    expect(ends.lastRevision('stream-2999')).toBe(0);
    expect(ends.lastRevision('stream-7')).toBe(1);
    expect(ends.endsWith('stream-2999', hashOf(2999))).toBe(true);
    expect(ends.endsWith('stream-7', hashOf(7))).toBe(false);
    expect(ends.endsWith('stream-7', hashOf(-7))).toBe(true);
  });

  it('knows no stream it was not told of, and no hash that is not lowercase hex', () => {
    const ends = new StreamEnds();
    ends.set('stream-1', 0, hashOf(1));

    expect(ends.lastRevision('stream-2')).toBeUndefined();
    expect(ends.endsWith('stream-2', hashOf(1))).toBe(false);
    expect(ends.endsWith('stream-1', hashOf(1).toUpperCase())).toBe(false);
  });
});
