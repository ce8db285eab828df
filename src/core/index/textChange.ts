// Editor changes (VS Code's shape: offset, length, replacement, all in UTF-16 code units, the
// same unit web-tree-sitter uses for a JS string) and their tree-sitter edit descriptions.
import type { Edit, Point } from 'web-tree-sitter';

export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** Applies changes in order, each relative to the text the previous one produced. */
export function applyChanges(text: string, changes: TextChange[]): string {
  let out = text;
  for (const change of changes) {
    checkChange(out, change);
    out = out.slice(0, change.rangeOffset) + change.text + out.slice(change.rangeOffset + change.rangeLength);
  }
  return out;
}

/** The tree-sitter edit for one change to `before`. */
export function toTreeEdit(before: string, change: TextChange): Edit {
  checkChange(before, change);
  const startIndex = change.rangeOffset;
  const oldEndIndex = change.rangeOffset + change.rangeLength;
  const startPosition = positionAt(before, startIndex);
  const oldEndPosition = advance(startPosition, before.slice(startIndex, oldEndIndex));
  const newEndPosition = advance(startPosition, change.text);
  return { startIndex, oldEndIndex, newEndIndex: startIndex + change.text.length, startPosition, oldEndPosition, newEndPosition };
}

/** Row and column (0-based, UTF-16 code units) of an offset. */
export function positionAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

function advance(from: Point, inserted: string): Point {
  const lastNewline = inserted.lastIndexOf('\n');
  if (lastNewline === -1) return { row: from.row, column: from.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: from.row + rows, column: inserted.length - lastNewline - 1 };
}

function checkChange(text: string, change: TextChange): void {
  const { rangeOffset, rangeLength } = change;
  if (!Number.isInteger(rangeOffset) || !Number.isInteger(rangeLength) || rangeOffset < 0 || rangeLength < 0 || rangeOffset + rangeLength > text.length) {
    throw new RangeError(`Change [${rangeOffset}, +${rangeLength}] is outside a text of ${text.length} characters`);
  }
}
