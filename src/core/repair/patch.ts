// Unified diffs of candidate changes (jsdiff), and their size for ranking.
import { createTwoFilesPatch, diffLines } from 'diff';

/** One unified diff over every changed file, paths relative to the workspace (a/ b/ prefixes). */
export function unifiedDiff(originals: Record<string, string | null>, changes: Record<string, string>): string {
  return Object.keys(changes)
    .sort()
    .map((file) => {
      const before = originals[file] ?? '';
      const oldName = originals[file] === null ? '/dev/null' : `a/${file}`;
      return createTwoFilesPatch(oldName, `b/${file}`, before, changes[file], undefined, undefined, { context: 3 })
        .split('\n')
        .slice(1) // drop jsdiff's "====" header line
        .join('\n');
    })
    .join('');
}

/** Lines added plus lines removed, over all files. */
export function changedLineCount(originals: Record<string, string | null>, changes: Record<string, string>): number {
  let count = 0;
  for (const [file, after] of Object.entries(changes)) {
    for (const part of diffLines(originals[file] ?? '', after)) {
      if (part.added || part.removed) count += part.count ?? 0;
    }
  }
  return count;
}

/** A key under which candidates that make the same change (up to whitespace) are grouped. */
export function behaviourKey(changes: Record<string, string>): string {
  return Object.keys(changes)
    .sort()
    .map((file) => `${file}\u0000${changes[file].replace(/\s+/g, ' ').trim()}`)
    .join('\u0001');
}
