import { describe, expect, it } from 'vitest';
import { groupBySuspect } from '../../../src/core/repair/grouping';
import type { Suspect } from '../../../src/core/repair/types';
import type { TestFailure } from '../../../src/core/testing/types';

const failure = (id: string): TestFailure => ({ id, file: 'tests/t.py', line: 1, message: '', stack: [], kind: 'failed' });
const suspect = (symbol: string): Suspect => ({ file: 'm.py', symbol, startLine: 1, endLine: 2, score: 1, why: '' });

describe('grouping failures by shared suspect', () => {
  it('puts failures that share a top suspect together and keeps others apart', () => {
    const suspects = new Map([
      ['a', [suspect('total'), suspect('tax')]],
      ['b', [suspect('tax'), suspect('round')]],
      ['c', [suspect('parse')]],
    ]);
    const groups = groupBySuspect([failure('a'), failure('b'), failure('c')], suspects);
    expect(groups.map((g) => g.failures.map((f) => f.id))).toEqual([['a', 'b'], ['c']]);
    expect(groups[0].shared?.symbol).toBe('tax');
    expect(groups[1].shared?.symbol).toBe('parse');
  });

  it('joins transitively (a~b, b~c) and reports no shared suspect when there is none for all', () => {
    const suspects = new Map([
      ['a', [suspect('x')]],
      ['b', [suspect('x'), suspect('y')]],
      ['c', [suspect('y')]],
    ]);
    const groups = groupBySuspect([failure('a'), failure('b'), failure('c')], suspects);
    expect(groups).toHaveLength(1);
    expect(groups[0].shared).toBeUndefined();
  });

  it('keeps a failure with no suspects in a group of its own', () => {
    const groups = groupBySuspect([failure('a'), failure('b')], new Map());
    expect(groups).toHaveLength(2);
  });
});
