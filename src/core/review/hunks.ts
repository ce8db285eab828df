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
const DIFF_TIMEOUT_MS = 1_000;
/** Above this many line pairs, unique unchanged lines split the work into small Myers runs. */
const ANCHOR_ABOVE = 1_000_000;

/** Hunks turning `oldLines` into `newLines`, in order, never overlapping, separated by unchanged lines. */
export function diffLineArrays(oldLines: readonly string[], newLines: readonly string[], options: { anchorAbove?: number } = {}): LineHunk[] {
  const hunks: LineHunk[] = [];
  const anchorAbove = options.anchorAbove ?? ANCHOR_ABOVE;
  const diffRange = (o0: number, o1: number, n0: number, n1: number) => diffRangeInto(oldLines, o0, o1, newLines, n0, n1, anchorAbove, hunks);
  diffRange(0, oldLines.length, 0, newLines.length);
  return hunks;
}

/** Appends the hunks of old[o0, o1) -> new[n0, n1) to `out`. */
function diffRangeInto(
  oldLines: readonly string[],
  o0: number,
  o1: number,
  newLines: readonly string[],
  n0: number,
  n1: number,
  anchorAbove: number,
  out: LineHunk[],
): void {
  // The common head and tail are cheap to strip and keep Myers' work proportional to the change.
  while (o0 < o1 && n0 < n1 && oldLines[o0] === newLines[n0]) {
    o0++;
    n0++;
  }
  while (o0 < o1 && n0 < n1 && oldLines[o1 - 1] === newLines[n1 - 1]) {
    o1--;
    n1--;
  }
  if (o0 === o1 && n0 === n1) return;
  const whole = () => out.push({ oldStart: o0, oldLines: oldLines.slice(o0, o1), newStart: n0, newLines: newLines.slice(n0, n1) });
  if (o0 === o1 || n0 === n1) return void whole();

  if ((o1 - o0) * (n1 - n0) > anchorAbove) {
    const anchors = uniqueAnchors(oldLines, o0, o1, newLines, n0, n1);
    if (anchors.length > 0) {
      let po = o0;
      let pn = n0;
      for (const [ao, an] of anchors) {
        diffRangeInto(oldLines, po, ao, newLines, pn, an, anchorAbove, out);
        po = ao + 1;
        pn = an + 1;
      }
      diffRangeInto(oldLines, po, o1, newLines, pn, n1, anchorAbove, out);
      return;
    }
    // Nothing in common at all (a rewrite): Myers would only spend its whole timeout to say so.
    const oldSet = new Set(oldLines.slice(o0, o1));
    if (!newLines.slice(n0, n1).some((line) => oldSet.has(line))) return void whole();
  }

  const changes = diffArrays(oldLines.slice(o0, o1), newLines.slice(n0, n1), { timeout: DIFF_TIMEOUT_MS });
  if (!changes) return void whole();
  let oldIndex = o0;
  let newIndex = n0;
  let current: LineHunk | undefined;
  for (const change of changes) {
    if (!change.added && !change.removed) {
      if (current) out.push(current);
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
  if (current) out.push(current);
}

/**
 * Lines that occur exactly once on each side, kept in an order both sides agree on (longest
 * increasing run, as patience diff does). They are certainly unchanged, so the diff between two
 * of them is independent of the rest: large diffs become many small ones.
 */
function uniqueAnchors(oldLines: readonly string[], o0: number, o1: number, newLines: readonly string[], n0: number, n1: number): [number, number][] {
  const count = (lines: readonly string[], from: number, to: number) => {
    const seen = new Map<string, number>();
    for (let i = from; i < to; i++) seen.set(lines[i], seen.has(lines[i]) ? -1 : i);
    return seen;
  };
  const inOld = count(oldLines, o0, o1);
  const inNew = count(newLines, n0, n1);
  const pairs: [number, number][] = [];
  for (const [line, o] of inOld) {
    const n = inNew.get(line);
    if (o >= 0 && n !== undefined && n >= 0) pairs.push([o, n]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  // Longest increasing subsequence of new positions (patience sorting with back links).
  const tails: number[] = [];
  const back: number[] = new Array(pairs.length).fill(-1);
  pairs.forEach(([, n], i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < n) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) back[i] = tails[lo - 1];
    tails[lo] = i;
  });
  const anchors: [number, number][] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = back[i]) anchors.push(pairs[i]);
  return anchors.reverse();
}

export function diffTexts(oldText: string, newText: string): LineHunk[] {
  return diffLineArrays(splitLines(oldText), splitLines(newText));
}
