import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, editsBetween } from '../../../src/core/review/edits';

describe('editsBetween', () => {
  it('describes the change as whole-line edits at offsets of the old text', () => {
    expect(editsBetween('a\nb\nc\n', 'a\nc\n')).toEqual([{ offset: 2, length: 2, text: '' }]);
    expect(editsBetween('a\r\nb', 'a\r\nB\r\nb')).toEqual([{ offset: 3, length: 0, text: 'B\r\n' }]);
    expect(editsBetween('same', 'same')).toEqual([]);
  });

  it('always turns the old text into the new one', () => {
    const text = fc.array(fc.constantFrom('a', 'b', '\n', '\r\n', '\r', 'x y'), { maxLength: 20 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(applyEdits(a, editsBetween(a, b))).toBe(b);
      }),
      { numRuns: 500 },
    );
  });
});
