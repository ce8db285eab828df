import { describe, expect, it } from 'vitest';
import { rebaseHunks } from '../../../src/core/review/rebase';

const L = (s: string) => s.split('').map((c) => `${c}\n`);

describe('rebaseHunks', () => {
  it('returns the plain diff when the document is still what the proposal saw', () => {
    expect(rebaseHunks(L('abc'), L('abc'), L('aXc'))).toEqual([{ start: 1, removed: ['b\n'], added: ['X\n'], conflict: false }]);
  });

  it("shifts the proposal's hunks past lines the user added or removed elsewhere", () => {
    // The user inserted two lines at the top and deleted 'e'; the proposal changes 'c'.
    const planned = rebaseHunks(L('abcdef'), L('12abcdf'), L('abCdef'));
    expect(planned).toEqual([{ start: 4, removed: ['c\n'], added: ['C\n'], conflict: false }]);
  });

  it('shows overlapping edits as one conflicting hunk: the user lines against the proposed ones', () => {
    const planned = rebaseHunks(L('abcde'), L('abUde'), L('abPde'));
    expect(planned).toEqual([{ start: 2, removed: ['U\n'], added: ['P\n'], conflict: true }]);
  });

  it('treats changes on neighbouring lines as a conflict (as diff3 does)', () => {
    const planned = rebaseHunks(L('abcde'), L('aUcde'), L('abPde'));
    expect(planned).toEqual([{ start: 1, removed: ['U\n', 'c\n'], added: ['b\n', 'P\n'], conflict: true }]);
  });

  it('drops a conflict where the user already made the same change', () => {
    expect(rebaseHunks(L('abc'), L('aXc'), L('aXc'))).toEqual([]);
  });

  it('keeps clean hunks on both sides of a conflict in the right places', () => {
    const planned = rebaseHunks(L('abcdefghij'), L('abcdUfghij'), L('Abcdefghi'));
    expect(planned).toEqual([
      { start: 0, removed: ['a\n'], added: ['A\n'], conflict: false },
      { start: 9, removed: ['j\n'], added: [], conflict: false },
    ]);
    const conflicting = rebaseHunks(L('abcdefghij'), L('abcdUfghij'), L('AbcdPfghiJ'));
    expect(conflicting.map((h) => [h.start, h.conflict])).toEqual([
      [0, false],
      [4, true],
      [9, false],
    ]);
  });
});
