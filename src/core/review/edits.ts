// Text edits between two versions of a document, found with the line diff: what the editor must
// apply to go from one to the other, and how to replay edits on a plain string.
import { diffTexts } from './hunks';
import type { TextEdit } from './model';

/** Non-overlapping edits in ascending order, offsets in `oldText`, turning it into `newText`. */
export function editsBetween(oldText: string, newText: string): TextEdit[] {
  if (oldText === newText) return [];
  const edits: TextEdit[] = [];
  let line = 0;
  const hunks = diffTexts(oldText, newText);
  // Offsets of line starts in oldText, advanced as we walk the hunks in order.
  let cursor = 0;
  for (const hunk of hunks) {
    while (line < hunk.oldStart) {
      cursor = nextLineStart(oldText, cursor);
      line++;
    }
    const length = hunk.oldLines.reduce((sum, removed) => sum + removed.length, 0);
    edits.push({ offset: cursor, length, text: hunk.newLines.join('') });
  }
  return edits;
}

function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) return i + 1;
    if (ch === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}

/** Applies non-overlapping edits (offsets in `text`) in one go. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.offset - b.offset)) {
    out += text.slice(at, edit.offset) + edit.text;
    at = edit.offset + edit.length;
  }
  return out + text.slice(at);
}
