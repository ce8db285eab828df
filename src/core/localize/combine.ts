// Combines the signals into one score per candidate: a weighted sum of values in 0..1. Weights
// for signals that have no data in this run (no coverage, no traces) are shared out among the
// others, so a missing signal neither helps nor hurts anyone. The reason line lists the signals
// that contributed, strongest first.
import type { CodeIndex } from '../index/types';
import type { SignalMap, SignalName } from './signals/signal';
import type { RankedSuspect, SignalValues } from './types';

export type Weights = Record<SignalName, number>;

/**
 * Weights when per-test coverage exists. Execution evidence decides: the spectrum first, then
 * the trace, the check that failed and the origin of a missing name (the two ends of a data
 * flow, where a value was missed and where it should have been made, weigh the same). The static
 * call graph and text similarity add nothing the coverage does not already say better (on the
 * benchmark they only reorder correct rankings), so they get no weight here.
 */
export const coverageWeights: Weights = {
  spectrum: 0.6,
  trace: 0.1,
  assertion: 0.1,
  origin: 0.1,
  calls: 0,
  lexical: 0,
};

/** Weights without coverage (`--no-coverage`, no test command, a failed coverage run): the call graph stands in for it. */
export const staticWeights: Weights = {
  spectrum: 0,
  trace: 0.2,
  assertion: 0.1,
  origin: 0.1,
  calls: 0.2,
  lexical: 0.05,
};

const ORDER: SignalName[] = ['trace', 'spectrum', 'assertion', 'origin', 'calls', 'lexical'];

export interface CombineInput {
  signals: Partial<Record<SignalName, SignalMap>>;
  /** Small per-candidate values (0..1) that only order candidates whose scores are otherwise equal. */
  tiebreak?: Map<string, number>;
  weights?: Weights;
  limit?: number;
}

/** The weight set for a run: with or without coverage, unless the caller chose one. */
export function chooseWeights(signals: CombineInput['signals'], weights?: Weights): Weights {
  if (weights) return weights;
  return (signals.spectrum?.size ?? 0) > 0 ? coverageWeights : staticWeights;
}

/** Weights renormalised over the signals that carry any data. */
export function effectiveWeights(signals: CombineInput['signals'], weights: Weights = chooseWeights(signals)): Weights {
  const present = ORDER.filter((name) => (signals[name]?.size ?? 0) > 0);
  const total = present.reduce((sum, name) => sum + weights[name], 0);
  const result = { spectrum: 0, trace: 0, assertion: 0, calls: 0, lexical: 0, origin: 0 } as Weights;
  for (const name of present) result[name] = total > 0 ? weights[name] / total : 0;
  return result;
}

const TIEBREAK_WEIGHT = 1e-3;

export function combineSignals(index: CodeIndex, input: CombineInput): RankedSuspect[] {
  const weights = effectiveWeights(input.signals, input.weights);
  const ids = new Set<string>();
  for (const name of ORDER) for (const id of input.signals[name]?.keys() ?? []) ids.add(id);
  const ranked: RankedSuspect[] = [];
  for (const id of ids) {
    const symbol = index.symbol(id);
    if (!symbol) continue;
    const values: SignalValues = { trace: 0, spectrum: 0, calls: 0, lexical: 0, assertion: 0, origin: 0 };
    const parts: { weight: number; note: string }[] = [];
    let score = 0;
    for (const name of ORDER) {
      const entry = input.signals[name]?.get(id);
      if (!entry) continue;
      values[name] = entry.value;
      const contribution = weights[name] * entry.value;
      score += contribution;
      if (contribution > 0 || (name === 'spectrum' && weights.spectrum > 0)) parts.push({ weight: contribution, note: entry.note });
    }
    const tiebreak = input.tiebreak?.get(id) ?? 0;
    score += TIEBREAK_WEIGHT * tiebreak;
    if (score <= 0) continue;
    parts.sort((a, b) => b.weight - a.weight);
    ranked.push({
      id,
      file: symbol.file,
      symbol: symbol.qualifiedName,
      startLine: symbol.startLine,
      endLine: symbol.endLine,
      score: Number(score.toFixed(6)),
      why: parts.map((p) => p.note).join('; '),
      signals: values,
      tiebreak,
    });
  }
  ranked.sort((a, b) => b.score - a.score || a.file.localeCompare(b.file) || a.startLine - b.startLine);
  return input.limit ? ranked.slice(0, input.limit) : ranked;
}
