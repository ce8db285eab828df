import { describe, expect, it } from 'vitest';
import type { CoverageReport } from '../../../src/core/coverage/types';
import { ochiai, spectrumTable } from '../../../src/core/localize/spectrum';

export function report(tests: [string, 'passed' | 'failed' | 'error' | 'skipped', Record<string, number[]>][]): CoverageReport {
  return { framework: 'pytest', granularity: 'test', command: 'pytest', ms: 1, warnings: [], tests: tests.map(([id, outcome, lines]) => ({ id, outcome, lines })) };
}

describe('ochiai', () => {
  it('is 1 for a line executed by every failing test and no passing one', () => {
    expect(ochiai(3, 0, 3)).toBe(1);
  });

  it('falls with passing executions and with failing tests that miss the line', () => {
    expect(ochiai(3, 1, 3)).toBeCloseTo(3 / Math.sqrt(3 * 4));
    expect(ochiai(1, 0, 4)).toBeCloseTo(0.5);
    expect(ochiai(2, 2, 2)).toBeLessThan(ochiai(2, 1, 2));
  });

  it('is 0 when no failing test executed the line, or nothing failed', () => {
    expect(ochiai(0, 5, 2)).toBe(0);
    expect(ochiai(0, 0, 0)).toBe(0);
  });
});

describe('spectrumTable', () => {
  it('counts failing and passing executions per line, ignoring skipped tests', () => {
    const table = spectrumTable(
      report([
        ['t1', 'failed', { 'a.py': [1, 2] }],
        ['t2', 'passed', { 'a.py': [1] }],
        ['t3', 'error', { 'a.py': [2], 'b.py': [5] }],
        ['t4', 'skipped', { 'a.py': [1, 2] }],
      ]),
    );
    expect(table.totalFailed).toBe(2);
    expect(table.totalPassed).toBe(1);
    expect(table.lines.get('a.py')?.get(1)).toEqual({ ef: 1, ep: 1 });
    expect(table.lines.get('a.py')?.get(2)).toEqual({ ef: 2, ep: 0 });
    expect(table.lines.get('b.py')?.get(5)).toEqual({ ef: 1, ep: 0 });
  });
});
