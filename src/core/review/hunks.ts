// Splits a change into hunks: runs of removed and added lines from a Myers line diff (jsdiff).
// Lines keep their line breaks, so hunks carry the exact bytes of both sides.
import { diffArrays } from 'diff';
import { splitLines } from './lines';

/** A change of consecutive lines: `oldLines` at [oldStart, oldStart + oldLines.length) become `newLines`. */
export interface LineHunk {
  oldStart: number;
  oldLines: string[];
  newStart: number;
  newLines: string[];
}

/** Beyond this the diff gives up on minimality and reports one hunk for the differing middle. */
const DIFF_TIMEOUT_MS = 2_000;

/** Hunks turning `oldLines` into `newLines`, in order, never overlapping, separated by unchanged lines. */
export function diffLineArrays(oldLines: readonly string[], newLines: readonly string[]): LineHunk[] {
  // The common head and tail are cheap to strip and keep Myers' work proportional to the change.
  let head = 0;
  while (head < oldLines.length && head < newLines.length && oldLines[head] === newLines[head]) head++;
  let tail = 0;
  while (
    tail < oldLines.length - head &&
    tail < newLines.length - head &&
    oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]
  )
    tail++;
  const oldMiddle = oldLines.slice(head, oldLines.length - tail);
  const newMiddle = newLines.slice(head, newLines.length - tail);
  if (oldMiddle.length === 0 && newMiddle.length === 0) return [];
  if (oldMiddle.length === 0 || newMiddle.length === 0) {
    return [{ oldStart: head, oldLines: oldMiddle, newStart: head, newLines: newMiddle }];
  }
  const changes = diffArrays(oldMiddle, newMiddle, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) return [{ oldStart: head, oldLines: oldMiddle, newStart: head, newLines: newMiddle }];

  const hunks: LineHunk[] = [];
  let oldIndex = head;
  let newIndex = head;
  let current: LineHunk | undefined;
  for (const change of changes) {
    if (!change.added && !change.removed) {
      if (current) hunks.push(current);
      current = undefined;
      oldIndex += change.count;
      newIndex += change.count;
      continue;
    }
    current ??= { oldStart: oldIndex, oldLines: [], newStart: newIndex, newLines: [] };
    if (change.removed) {
      current.oldLines.push(...change.value);
      oldIndex += change.count;
    } else {
      current.newLines.push(...change.value);
      newIndex += change.count;
    }
  }
  if (current) hunks.push(current);
  return hunks;
}

export function diffTexts(oldText: string, newText: string): LineHunk[] {
  return diffLineArrays(splitLines(oldText), splitLines(newText));
}
