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

export function lineOf(sources: SourceTexts, file: string, line: number): string | undefined {
  const text = sources.get(file);
  if (text === undefined || line < 1) return undefined;
  return text.split('\n')[line - 1];
}
