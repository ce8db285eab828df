// Line handling that keeps every byte: a line is its content plus its own line break, so joining
// the lines of a text gives back exactly that text (CRLF, LF, a lone CR, a missing final newline).

export type Eol = '\n' | '\r\n';

/** Splits after each line break (\r\n, \n or a lone \r); the last line may have no break. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 /* \n */) {
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    } else if (ch === 13 /* \r */) {
      const end = text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      lines.push(text.slice(start, end));
      start = end;
      i = end - 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

export function endsWithLineBreak(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last === 10 || last === 13;
}

/** The line break the text mostly uses (what VS Code would normalise it to); `fallback` if none. */
export function detectEol(text: string, fallback: Eol = '\n'): Eol {
  let crlf = 0;
  let lf = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
      else lf++;
    }
  }
  if (crlf === 0 && lf === 0) return fallback;
  return crlf > lf ? '\r\n' : '\n';
}

/** Rewrites every line break of `text` as `eol`. */
export function withEol(text: string, eol: Eol): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}

/**
 * Makes proposed text fit the document it will be merged into: the document's line breaks, and the
 * document's final-newline choice (models routinely add or drop the last newline; that is noise,
 * not part of the fix). An empty document imposes no final-newline choice.
 */
export function fitToDocument(proposed: string, document: string, eol: Eol): string {
  let text = withEol(proposed, eol);
  if (document.length === 0 || text.length === 0) return text;
  const documentHasFinal = endsWithLineBreak(document);
  const textHasFinal = endsWithLineBreak(text);
  if (documentHasFinal && !textHasFinal) text += eol;
  else if (!documentHasFinal && textHasFinal) text = text.replace(/(\r\n|\r|\n)$/, '');
  return text;
}

/** Offset to zero-based line/character, for many lookups on one text (binary search over line starts). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    let offset = 0;
    for (const line of splitLines(text)) {
      offset += line.length;
      this.starts.push(offset);
    }
    // A text that ends with a line break has an empty last line starting at text.length.
    if (!endsWithLineBreak(text) && text.length > 0) this.starts.pop();
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.min(line, this.starts.length - 1)];
  }

  positionAt(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
}
