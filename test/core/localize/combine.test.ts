import { describe, expect, it } from 'vitest';
import { chooseWeights, combineSignals, coverageWeights, effectiveWeights, staticWeights, type Weights } from '../../../src/core/localize/combine';
import type { SignalMap } from '../../../src/core/localize/signals/signal';
import { FakeIndex } from './support/fakeIndex';

const index = new FakeIndex([
  { file: 'a.py', name: 'f', lines: [1, 3] },
  { file: 'a.py', name: 'g', lines: [5, 9] },
  { file: 'b.py', name: 'h', lines: [1, 2] },
]);

const map = (entries: [string, number, string][]): SignalMap => new Map(entries.map(([id, value, note]) => [id, { value, note }]));

describe('effectiveWeights', () => {
  it('shares the weight of signals without data among the others', () => {
    const weights = effectiveWeights({ trace: map([['a.py#f', 1, 'x']]), calls: map([['a.py#g', 1, 'y']]), spectrum: new Map() });
    expect(weights.spectrum).toBe(0);
    expect(weights.trace + weights.calls).toBeCloseTo(1);
    expect(weights.trace / weights.calls).toBeCloseTo(staticWeights.trace / staticWeights.calls);
  });

  it('uses the coverage weights when the spectrum has data, the static ones otherwise', () => {
    expect(chooseWeights({ spectrum: map([['a.py#f', 0.5, 'x']]) })).toBe(coverageWeights);
    expect(chooseWeights({ spectrum: new Map(), trace: map([['a.py#f', 1, 'x']]) })).toBe(staticWeights);
    const mine = { ...staticWeights, lexical: 1 };
    expect(chooseWeights({ spectrum: map([['a.py#f', 0.5, 'x']]) }, mine)).toBe(mine);
    // With coverage, the static hints carry no weight.
    expect(coverageWeights.calls + coverageWeights.lexical).toBe(0);
  });
});

const even: Weights = { spectrum: 0.4, trace: 0.3, assertion: 0.1, origin: 0.05, calls: 0.1, lexical: 0.05 };

describe('combineSignals', () => {
  it('ranks by the weighted sum and explains the strongest contributions first', () => {
    const ranked = combineSignals(index, {
      signals: {
        trace: map([['a.py#f', 1, 'innermost frame of the trace']]),
        spectrum: map([
          ['a.py#f', 0.5, 'covered by 1/2 failing, 3/9 passing tests'],
          ['a.py#g', 1, 'covered by 2/2 failing, 0/9 passing tests'],
        ]),
        lexical: map([['b.py#h', 1, 'text match #1']]),
      },
      weights: even,
    });
    expect(ranked.map((s) => s.symbol)).toEqual(['f', 'g', 'h']);
    expect(ranked[0]).toMatchObject({ file: 'a.py', startLine: 1, endLine: 3, why: 'innermost frame of the trace; covered by 1/2 failing, 3/9 passing tests' });
    expect(ranked[0].signals).toMatchObject({ trace: 1, spectrum: 0.5 });
    const w = effectiveWeights({ trace: map([['x', 1, '']]), spectrum: map([['x', 1, '']]), lexical: map([['x', 1, '']]) }, even);
    expect(ranked[0].score).toBeCloseTo(w.trace + 0.5 * w.spectrum, 5);
    expect(ranked[1].score).toBeCloseTo(w.spectrum, 5);
  });

  it('orders equal scores by the tie-break values', () => {
    const ranked = combineSignals(index, {
      signals: { spectrum: map([['a.py#f', 0.8, 'x'], ['a.py#g', 0.8, 'y']]) },
      tiebreak: new Map([['a.py#g', 0.9], ['a.py#f', 0.1]]),
    });
    expect(ranked.map((s) => s.symbol)).toEqual(['g', 'f']);
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
  });

  it('leaves out candidates no signal scored and honours the limit', () => {
    const ranked = combineSignals(index, { signals: { trace: map([['a.py#f', 1, 'x'], ['a.py#g', 0, 'y']]) }, limit: 5 });
    expect(ranked.map((s) => s.symbol)).toEqual(['f']);
    expect(combineSignals(index, { signals: { lexical: map([['a.py#f', 1, 'a'], ['a.py#g', 0.5, 'b'], ['b.py#h', 0.2, 'c']]) }, limit: 2 })).toHaveLength(2);
  });
});
