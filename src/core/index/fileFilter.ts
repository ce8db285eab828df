// Which source files are worth parsing: not huge, not binary, not minified.

export interface FileLimits {
  /** Files larger than this are skipped (bytes). */
  maxFileBytes: number;
  /** A line longer than this marks a file as minified/generated. */
  maxLineLength: number;
  /** Average characters per line above this marks a file as minified. */
  maxAverageLineLength: number;
}

export const defaultLimits: FileLimits = {
  maxFileBytes: 1_000_000,
  maxLineLength: 5_000,
  maxAverageLineLength: 300,
};

export type SkipReason = 'tooLarge' | 'binary' | 'minified' | 'unreadable' | 'failed';

const minifiedName = /[.-]min\.[cm]?[jt]sx?$/i;

/** Why a file's text should not be indexed, or undefined when it should be. */
export function skipReason(path: string, text: string, limits: FileLimits = defaultLimits): SkipReason | undefined {
  if (text.length > limits.maxFileBytes) return 'tooLarge';
  // A NUL in the first 8 KB is how git and most editors detect binary content.
  if (text.slice(0, 8192).includes('\u0000')) return 'binary';
  if (minifiedName.test(path)) return 'minified';
  if (text.length < 1024) return undefined;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
    lines++;
  }
  longest = Math.max(longest, text.length - start);
  if (longest > limits.maxLineLength || text.length / lines > limits.maxAverageLineLength) return 'minified';
  return undefined;
}

/**
 * `skipReason` for a text that passed it before one edit: only the size, the first 8 KB, the
 * line count and the lines the edit touched can have changed.
 */
export function skipReasonAfterEdit(path: string, text: string, newlines: number, edit: { startIndex: number; newEndIndex: number }, limits: FileLimits): SkipReason | undefined {
  if (text.length < 1024 || text.length > limits.maxFileBytes) return skipReason(path, text, limits);
  if (text.slice(0, 8192).includes('\u0000')) return 'binary';
  if (text.length / (newlines + 1) > limits.maxAverageLineLength) return 'minified';
  const from = text.lastIndexOf('\n', edit.startIndex - 1) + 1;
  let lineStart = from;
  for (;;) {
    const lineEnd = text.indexOf('\n', lineStart);
    const stop = lineEnd === -1 ? text.length : lineEnd;
    if (stop - lineStart > limits.maxLineLength) return 'minified';
    if (lineEnd === -1 || lineEnd >= edit.newEndIndex) return undefined;
    lineStart = lineEnd + 1;
  }
}
