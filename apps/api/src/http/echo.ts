/** How much of a caller's own input an error message repeats back. */
export const MAX_ECHO_LENGTH = 200;

/**
 * Input quoted in an error (a path, a field name, a parser's excerpt), cut short: a 10 KB path is
 * not sent back twice in full, nor a megabyte of key. The cut never splits a surrogate pair.
 */
export function echoed(text: string, max = MAX_ECHO_LENGTH): string {
  if (text.length <= max) return text;
  const head = [...text.slice(0, max)].slice(0, max);
  // A pair cut in two by the slice leaves its high half last.
  if (/[\ud800-\udbff]$/.test(head[head.length - 1])) head.pop();
  return `${head.join('')}… (${text.length} characters in all)`;
}
