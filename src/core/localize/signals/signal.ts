// What every signal produces: a value in 0..1 per candidate (by symbol id) and the words that
// explain it in a suspect's one-line reason.
import type { SignalValues } from '../types';

export interface SignalScore {
  value: number;
  /** A phrase for the explanation, e.g. "frame 1 of 3 in the trace". */
  note: string;
}

export type SignalName = keyof SignalValues;

export type SignalMap = Map<string, SignalScore>;

/** Keeps the higher of two scores for the same symbol. */
export function setMax(map: SignalMap, id: string, score: SignalScore): void {
  const existing = map.get(id);
  if (!existing || score.value > existing.value) map.set(id, score);
}

/** Source text of workspace files by relative path, loaded before the signals run. */
export interface SourceTexts {
  get(file: string): string | undefined;
}

const splitCache = new WeakMap<SourceTexts, Map<string, string[]>>();

/** One line (1-based) of a file; each file is split once per SourceTexts. */
export function lineOf(sources: SourceTexts, file: string, line: number): string | undefined {
  let files = splitCache.get(sources);
  if (!files) splitCache.set(sources, (files = new Map()));
  let lines = files.get(file);
  if (!lines) {
    const text = sources.get(file);
    if (text === undefined) return undefined;
    files.set(file, (lines = text.split('\n')));
  }
  return line >= 1 ? lines[line - 1] : undefined;
}
