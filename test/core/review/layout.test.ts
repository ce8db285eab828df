import { describe, expect, it } from 'vitest';
import { hunkAtLine, layoutHunks } from '../../../src/core/review/layout';
import { acceptHunk, createReview } from '../../../src/core/review/model';

const before = 'a\nb\nc\nd\ne\n';
const after = 'a\nB\nc\nd\ne\nf\n';

describe('layoutHunks', () => {
  it('gives the old and proposed lines of each open hunk', () => {
    // Shown as: a, b (old), B (new), c, d, e, f (new)
    const layouts = layoutHunks(createReview(before, { before, after }));
    expect(layouts.map((l) => [l.hunk.id, l.removed, l.added, l.anchor])).toEqual([
      [0, { start: 1, end: 2 }, { start: 2, end: 3 }, 1],
      [1, null, { start: 6, end: 7 }, 6],
    ]);
  });

  it('leaves out resolved hunks and follows the lines that moved', () => {
    const layouts = layoutHunks(acceptHunk(createReview(before, { before, after }), 0));
    expect(layouts.map((l) => [l.hunk.id, l.added])).toEqual([[1, { start: 5, end: 6 }]]);
  });

  it('places a deletion-only hunk on its old lines', () => {
    const layouts = layoutHunks(createReview(before, { before, after: 'a\nc\nd\ne\n' }));
    expect(layouts.map((l) => [l.removed, l.added, l.span])).toEqual([[{ start: 1, end: 2 }, null, { start: 1, end: 2 }]]);
  });
});

describe('hunkAtLine', () => {
  const layouts = layoutHunks(createReview(before, { before, after }));
  it('prefers the hunk under the cursor, then the next one, then the last one', () => {
    expect(hunkAtLine(layouts, 2)?.hunk.id).toBe(0);
    expect(hunkAtLine(layouts, 4)?.hunk.id).toBe(1);
    expect(hunkAtLine(layouts, 0)?.hunk.id).toBe(0);
    expect(hunkAtLine(layouts, 99)?.hunk.id).toBe(1);
    expect(hunkAtLine([], 0)).toBeUndefined();
  });
});
