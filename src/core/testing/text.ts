// Small text helpers for runner output: colour codes out, long text cut to a readable excerpt.

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles).
// eslint-disable-next-line no-control-regex
const ansiPattern = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ansiPattern, '');
}

/** The head and the tail of `text` when it is longer than `max` characters. */
export function excerpt(text: string, max = 4000): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n… [${text.length - 2 * half} characters dropped] …\n${text.slice(text.length - half)}`;
}

/** The last `maxLines` non-empty lines: where runners put the reason they stopped. */
export function lastLines(text: string, maxLines = 30): string {
  const lines = stripAnsi(text).split('\n');
  while (lines.length && !lines[lines.length - 1]!.trim()) lines.pop();
  return lines.slice(-maxLines).join('\n');
}

/** Message and stack of a V8 error text ("Error: msg\n    at ..."): the part before the frames. */
export function messageOfErrorText(text: string): string {
  const lines = stripAnsi(text).split('\n');
  const firstFrame = lines.findIndex((line) => /^\s+at .+/.test(line));
  return (firstFrame === -1 ? lines : lines.slice(0, firstFrame)).join('\n').trim();
}

/** A value as the runners show expected/actual: strings quoted, everything else as JSON when it can be. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
