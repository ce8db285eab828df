// Places a proposal's hunks on the document as it is now. A proposal is computed against some
// text (`before`); the user may have edited the file since (often unsaved). Changes the user did
// not touch apply as they are; where the user's edits and the proposal's changes overlap (or
// touch), the region is shown as one conflicting hunk: the user's lines against the proposal's.
import { diffLineArrays, type LineHunk } from './hunks';

/** A hunk in the coordinates of the current document's lines. */
export interface PlannedHunk {
  /** First line of the current document the hunk replaces (or inserts before). */
  start: number;
  removed: string[];
  added: string[];
  /** The user changed these lines after the proposal was computed. */
  conflict: boolean;
}

interface Side {
  hunks: LineHunk[];
  lines: readonly string[];
}

const oldEnd = (h: LineHunk) => h.oldStart + h.oldLines.length;

/** Hunks turning `current` into "current with the proposal's changes (base -> proposed) applied". */
export function rebaseHunks(base: readonly string[], current: readonly string[], proposed: readonly string[]): PlannedHunk[] {
  const ours: Side = { hunks: diffLineArrays(base, current), lines: current };
  const theirs: Side = { hunks: diffLineArrays(base, proposed), lines: proposed };
  if (ours.hunks.length === 0) {
    return theirs.hunks.map((h) => ({ start: h.oldStart, removed: h.oldLines, added: h.newLines, conflict: false }));
  }

  // Walk both lists in base order, gathering clusters of changes that overlap or touch.
  const planned: PlannedHunk[] = [];
  let i = 0;
  let j = 0;
  let oursShift = 0; // current index - base index, for base positions after the processed ours hunks
  let theirsShift = 0;
  while (j < theirs.hunks.length) {
    const next = theirs.hunks[j];
    // Ours hunks entirely before this theirs hunk (and not touching it) only shift positions.
    while (i < ours.hunks.length && oldEnd(ours.hunks[i]) < next.oldStart) {
      oursShift += ours.hunks[i].newLines.length - ours.hunks[i].oldLines.length;
      i++;
    }
    const touches = i < ours.hunks.length && ours.hunks[i].oldStart <= oldEnd(next);
    if (!touches) {
      planned.push({ start: next.oldStart + oursShift, removed: next.oldLines, added: next.newLines, conflict: false });
      theirsShift += next.newLines.length - next.oldLines.length;
      j++;
      continue;
    }
    // A cluster: extend [start, end) in base until no hunk of either side touches it.
    let start = Math.min(next.oldStart, ours.hunks[i].oldStart);
    let end = Math.max(oldEnd(next), oldEnd(ours.hunks[i]));
    let oursDelta = 0;
    let theirsDelta = 0;
    let grew = true;
    while (grew) {
      grew = false;
      while (i < ours.hunks.length && ours.hunks[i].oldStart <= end) {
        const h = ours.hunks[i++];
        start = Math.min(start, h.oldStart);
        end = Math.max(end, oldEnd(h));
        oursDelta += h.newLines.length - h.oldLines.length;
        grew = true;
      }
      while (j < theirs.hunks.length && theirs.hunks[j].oldStart <= end) {
        const h = theirs.hunks[j++];
        start = Math.min(start, h.oldStart);
        end = Math.max(end, oldEnd(h));
        theirsDelta += h.newLines.length - h.oldLines.length;
        grew = true;
      }
    }
    const removed = ours.lines.slice(start + oursShift, end + oursShift + oursDelta);
    const added = theirs.lines.slice(start + theirsShift, end + theirsShift + theirsDelta);
    if (!sameLines(removed, added)) planned.push({ start: start + oursShift, removed, added, conflict: true });
    oursShift += oursDelta;
    theirsShift += theirsDelta;
  }
  return planned;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, k) => line === b[k]);
}
