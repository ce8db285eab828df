import { describe, expect, it } from 'vitest';
import { applyChanges, positionAt, toTreeEdit } from '../../../src/core/index/textChange';

describe('text changes', () => {
  const text = 'ab\ncdé\nfg';

  it('finds rows and UTF-16 columns', () => {
    expect(positionAt(text, 0)).toEqual({ row: 0, column: 0 });
    expect(positionAt(text, 3)).toEqual({ row: 1, column: 0 });
    expect(positionAt(text, 6)).toEqual({ row: 1, column: 3 });
    expect(positionAt(text, 9)).toEqual({ row: 2, column: 2 });
  });

  it('applies changes in order and describes them as tree-sitter edits', () => {
    const change = { rangeOffset: 4, rangeLength: 3, text: 'X\nYZ' };
    expect(applyChanges(text, [change])).toBe('ab\ncX\nYZfg');
    expect(toTreeEdit(text, change)).toEqual({
      startIndex: 4,
      oldEndIndex: 7,
      newEndIndex: 8,
      startPosition: { row: 1, column: 1 },
      oldEndPosition: { row: 2, column: 0 },
      newEndPosition: { row: 2, column: 2 },
    });
    expect(applyChanges('abc', [{ rangeOffset: 0, rangeLength: 1, text: '' }, { rangeOffset: 2, rangeLength: 0, text: '!' }])).toBe('bc!');
  });

  it('rejects a change outside the text', () => {
    expect(() => applyChanges('abc', [{ rangeOffset: 2, rangeLength: 5, text: '' }])).toThrow(RangeError);
    expect(() => toTreeEdit('abc', { rangeOffset: -1, rangeLength: 0, text: 'x' })).toThrow(RangeError);
  });
});
