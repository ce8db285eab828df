// Where each open hunk sits in the document, in lines: what the editor decorates and where it puts
// the hunk's code lens. Line ranges are [start, end) of zero-based lines.
import { LineIndex } from './lines';
import { isOpen, type ReviewHunk, type ReviewModel } from './model';

export interface LineRange {
  start: number;
  end: number;
}

export interface HunkLayout {
  hunk: ReviewHunk;
  /** Old lines (red); null when the hunk only adds lines. */
  removed: LineRange | null;
  /** Proposed lines (green); null when the hunk only removes lines. */
  added: LineRange | null;
  /** First line of the hunk: where its code lens goes. */
  anchor: number;
  /** All lines the hunk spans, old and proposed, for "the hunk at the cursor". */
  span: LineRange;
}

export function layoutHunks(model: ReviewModel, index = new LineIndex(model.pieces.map((p) => p.text).join(''))): HunkLayout[] {
  const byHunk = new Map<number, { removed: LineRange | null; added: LineRange | null; first: number; last: number }>();
  let offset = 0;
  for (const piece of model.pieces) {
    const start = offset;
    offset += piece.text.length;
    if (piece.kind === 'text') continue;
    const entry = byHunk.get(piece.hunk) ?? { removed: null, added: null, first: Infinity, last: -Infinity };
    const startLine = index.positionAt(start).line;
    const range = piece.text.length === 0 ? null : { start: startLine, end: index.positionAt(offset - 1).line + 1 };
    if (piece.kind === 'removed') entry.removed = range;
    if (piece.kind === 'added') entry.added = range;
    if (range) {
      entry.first = Math.min(entry.first, range.start);
      entry.last = Math.max(entry.last, range.end);
    } else {
      entry.first = Math.min(entry.first, startLine);
      entry.last = Math.max(entry.last, startLine);
    }
    byHunk.set(piece.hunk, entry);
  }
  const layouts: HunkLayout[] = [];
  for (const hunk of model.hunks) {
    const entry = byHunk.get(hunk.id);
    if (!entry || !isOpen(hunk)) continue;
    layouts.push({
      hunk,
      removed: entry.removed,
      added: entry.added,
      anchor: entry.first,
      span: { start: entry.first, end: Math.max(entry.last, entry.first + 1) },
    });
  }
  return layouts.sort((a, b) => a.anchor - b.anchor);
}

/** The hunk the cursor is in; else the next one below it; else the last one above. */
export function hunkAtLine(layouts: readonly HunkLayout[], line: number): HunkLayout | undefined {
  return (
    layouts.find((l) => l.span.start <= line && line < l.span.end) ??
    layouts.find((l) => l.span.start > line) ??
    layouts[layouts.length - 1]
  );
}
