import { describe, expect, it } from 'vitest';
import { forecastDemand } from '../src/forecast';

describe('forecastDemand', () => {
  it('repeats a flat history', () => {
    expect(forecastDemand([5, 5, 5], 2)).toEqual([5, 5]);
  });

  it('smooths towards recent demand and rounds up', () => {
    // level: 10 -> 15 -> 17.5 (alpha 0.5) -> forecast 18
    expect(forecastDemand([10, 20, 20], 3)).toEqual([18, 18, 18]);
  });

  it('uses the given smoothing factor', () => {
    // alpha 1: the last observation
    expect(forecastDemand([3, 9, 4], 1, 1)).toEqual([4]);
  });

  it('refuses bad input', () => {
    expect(() => forecastDemand([], 1)).toThrow(RangeError);
    expect(() => forecastDemand([1], 0)).toThrow(RangeError);
    expect(() => forecastDemand([1], 1, 0)).toThrow(RangeError);
  });
});
