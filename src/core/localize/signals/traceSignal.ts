// Trace position: the workspace frames of each failing test's stack, outside test code, scored
// by depth from the innermost one. When the innermost frame raises on purpose (`raise`,
// `throw`, an `assert`), it is a check that found bad input or state: the check itself and the
// caller that produced the input are equally suspect, so the first step up does not decay.
import type { CodeIndex } from '../../index/types';
import type { TestFailure } from '../../testing/types';
import { LineOwners } from '../candidates';
import { isTestFile } from '../../testing/testFiles';
import { lineOf, type SignalMap, type SourceTexts } from './signal';

/** Decay per frame up the stack. */
export const FRAME_DECAY = 0.5;

/** Weight of the frame `depth` steps out from the innermost one. */
export function frameWeight(depth: number, deliberate: boolean): number {
  if (deliberate) return depth === 0 ? 1 : FRAME_DECAY ** (depth - 1);
  return FRAME_DECAY ** depth;
}

export const DELIBERATE = /^\s*(raise\b|throw\b|assert\b|panic!|reject\()/;

export interface TraceEntry {
  /** Symbol ids from the innermost frame outwards, consecutive repeats merged. */
  units: string[];
  deliberate: boolean;
}

/** The failure's stack frames in workspace code other than tests, outermost first. */
export function codeFrames(failure: Pick<TestFailure, 'stack'>): TestFailure['stack'] {
  return failure.stack.filter((f) => f.inWorkspace && !isTestFile(f.file));
}

/** The candidate units of each failure's stack, innermost first. */
export function traceUnits(failures: TestFailure[], index: CodeIndex, sources: SourceTexts, owners = new LineOwners(index)): TraceEntry[] {
  return failures.map((failure) => {
    const frames = codeFrames(failure);
    const units: string[] = [];
    for (let i = frames.length - 1; i >= 0; i--) {
      const unit = owners.owner(frames[i].file, frames[i].line);
      if (unit && units[units.length - 1] !== unit.id) units.push(unit.id);
    }
    const innermost = frames[frames.length - 1];
    const deliberate = innermost ? DELIBERATE.test(lineOf(sources, innermost.file, innermost.line) ?? '') : false;
    return { units, deliberate };
  });
}

export function traceSignal(failures: TestFailure[], index: CodeIndex, sources: SourceTexts, owners?: LineOwners): SignalMap {
  const entries = traceUnits(failures, index, sources, owners);
  const perUnit = new Map<string, { sum: number; best: number; bestDepth: number; bestLength: number; hits: number }>();
  for (const entry of entries) {
    entry.units.forEach((id, depth) => {
      const value = frameWeight(depth, entry.deliberate);
      const acc = perUnit.get(id) ?? { sum: 0, best: 0, bestDepth: depth, bestLength: entry.units.length, hits: 0 };
      acc.sum += value;
      acc.hits += 1;
      if (value > acc.best) Object.assign(acc, { best: value, bestDepth: depth, bestLength: entry.units.length });
      perUnit.set(id, acc);
    });
  }
  const withTraces = entries.filter((e) => e.units.length > 0).length;
  const signal: SignalMap = new Map();
  for (const [id, acc] of perUnit) {
    // Half the best position, half how consistently the unit shows up across failing traces.
    const value = 0.5 * acc.best + 0.5 * (acc.sum / Math.max(1, withTraces));
    const where = acc.bestDepth === 0 ? 'innermost frame' : `frame ${acc.bestDepth + 1} of ${acc.bestLength}`;
    const spread = withTraces > 1 ? ` in ${acc.hits}/${withTraces} traces` : ' of the trace';
    signal.set(id, { value, note: `${where}${spread}` });
  }
  return signal;
}
