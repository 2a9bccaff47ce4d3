/**
 * Expands `{ first: "SN-0098", count: 3 }` to SN-0098, SN-0099, SN-0100: the last run of digits counts
 * up, keeping prefix, suffix and zero padding (the width grows only when the number needs it).
 * Returns null when `first` has no digits to count with.
 */
export function expandSerialRange(first: string, count: number): string[] | null {
  const match = /^(.*?)(\d+)(\D*)$/s.exec(first);
  if (!match) return null;
  const [, prefix, digits, suffix] = match;
  const start = BigInt(digits);
  const serials: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    serials[i] = prefix + (start + BigInt(i)).toString().padStart(digits.length, '0') + suffix;
  }
  return serials;
}
