import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLineArrays, diffTexts } from '../../../src/core/review/hunks';

describe('diffTexts', () => {
  it('splits a change into separate hunks around unchanged lines', () => {
    const hunks = diffTexts('a\nb\nc\nd\ne\n', 'a\nB\nc\nd\nE\nF\n');
    expect(hunks).toEqual([
      { oldStart: 1, oldLines: ['b\n'], newStart: 1, newLines: ['B\n'] },
      { oldStart: 4, oldLines: ['e\n'], newStart: 4, newLines: ['E\n', 'F\n'] },
    ]);
  });

  it('reports pure insertions and deletions with empty sides', () => {
    expect(diffTexts('a\nc\n', 'a\nb\nc\n')).toEqual([{ oldStart: 1, oldLines: [], newStart: 1, newLines: ['b\n'] }]);
    expect(diffTexts('a\nb\nc\n', 'a\nc\n')).toEqual([{ oldStart: 1, oldLines: ['b\n'], newStart: 1, newLines: [] }]);
  });

  it('treats a line whose line break changed as changed', () => {
    expect(diffTexts('a\nb', 'a\nb\n')).toEqual([{ oldStart: 1, oldLines: ['b'], newStart: 1, newLines: ['b\n'] }]);
  });

  it('finds nothing between equal texts', () => {
    expect(diffTexts('same\n', 'same\n')).toEqual([]);
    expect(diffLineArrays([], [])).toEqual([]);
  });

  it('reconstructs the new text from the old one', () => {
    const oldLines = ['x\n', 'y\n', 'z\n', 'y\n', 'x\n'];
    const newLines = ['y\n', 'x\n', 'z\n', 'z\n', 'x\n', 'q\n'];
    let out: string[] = [];
    let at = 0;
    for (const h of diffLineArrays(oldLines, newLines)) {
      out = out.concat(oldLines.slice(at, h.oldStart), h.newLines);
      at = h.oldStart + h.oldLines.length;
    }
    out = out.concat(oldLines.slice(at));
    expect(out).toEqual(newLines);
  });

  it('gives a valid diff when large inputs are split at unique unchanged lines, and when nothing is shared', () => {
    const lines = fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', 'u1\n', 'u2\n', 'u3\n', 'u4\n', 'x'), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (oldLines, newLines) => {
        for (const anchorAbove of [0, Infinity]) {
          let out: string[] = [];
          let at = 0;
          for (const h of diffLineArrays(oldLines, newLines, { anchorAbove })) {
            expect(h.oldStart).toBeGreaterThanOrEqual(at);
            expect(oldLines.slice(h.oldStart, h.oldStart + h.oldLines.length)).toEqual(h.oldLines);
            out = out.concat(oldLines.slice(at, h.oldStart), h.newLines);
            at = h.oldStart + h.oldLines.length;
          }
          expect(out.concat(oldLines.slice(at))).toEqual(newLines);
        }
      }),
      { numRuns: 500 },
    );
    expect(diffLineArrays(['p\n', 'q\n'], ['r\n', 's\n'], { anchorAbove: 0 })).toEqual([{ oldStart: 0, oldLines: ['p\n', 'q\n'], newStart: 0, newLines: ['r\n', 's\n'] }]);
  });
});
