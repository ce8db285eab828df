// Line endings and indentation: models answer with LF, at column 0, with 2 spaces where the file
// uses 4 or tabs. Edits are computed on LF text and re-indented to the place they go.

export type Eol = '\n' | '\r\n';

const TAB_WIDTH = 4;

/** The text with LF line endings, and the file's dominant line ending to restore afterwards. */
export function toLf(text: string): { text: string; eol: Eol } {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return { text: text.replace(/\r\n?/g, '\n'), eol: crlf > lf ? '\r\n' : '\n' };
}

export function withEol(text: string, eol: Eol): string {
  return eol === '\n' ? text : text.replace(/\n/g, '\r\n');
}

export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Columns of a run of indentation (a tab counts as one indent step of 4). */
export function indentWidth(whitespace: string): number {
  let width = 0;
  for (const ch of whitespace) width += ch === '\t' ? TAB_WIDTH : 1;
  return width;
}

const isBlank = (line: string) => line.trim() === '';

/**
 * One indentation step of a text: a tab, or the most common increase in leading spaces after a
 * line that opens a block (ends with `:` or `{`). Other increases (continuation lines, text in
 * docstrings) only count when there are no block openers.
 */
export function detectIndentUnit(text: string): string {
  const lines = text.split('\n').filter((l) => !isBlank(l));
  const tabbed = lines.filter((l) => l.startsWith('\t')).length;
  const spaced = lines.filter((l) => l.startsWith(' ')).length;
  if (tabbed > spaced) return '\t';
  const afterOpeners = new Map<number, number>();
  const anywhere = new Map<number, number>();
  let previous = 0;
  let opens = false;
  for (const line of lines) {
    const width = indentWidth(leadingWhitespace(line));
    const step = width - previous;
    if (step > 0 && step <= 8) {
      anywhere.set(step, (anywhere.get(step) ?? 0) + 1);
      if (opens) afterOpeners.set(step, (afterOpeners.get(step) ?? 0) + 1);
    }
    previous = width;
    opens = /[:{]\s*(#.*|\/\/.*)?$/.test(line);
  }
  const steps = afterOpeners.size ? afterOpeners : anywhere;
  let best = 4;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return ' '.repeat(best);
}

/** Smallest indentation among non-blank lines. */
export function baseIndentWidth(lines: readonly string[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const line of lines) if (!isBlank(line)) min = Math.min(min, indentWidth(leadingWhitespace(line)));
  return Number.isFinite(min) ? min : 0;
}

/**
 * Moves a block so its least-indented lines start with `targetIndent`, converting indentation
 * steps to `targetUnit` when the block uses another one (2 spaces where the file uses 4, spaces
 * where it uses tabs). Blank lines become empty. `base` is the indentation width that maps to
 * `targetIndent` (default: the block's smallest). `knownSourceUnit` skips guessing the block's
 * own step (when a match against the file showed it).
 */
export function reindent(code: string, targetIndent: string, targetUnit: string, base?: number, knownSourceUnit?: string): string {
  const lines = code.split('\n');
  base ??= baseIndentWidth(lines);
  // The base indentation as written (so tabs and spaces inside it are kept as they are).
  const baseWs = leadingWhitespace(lines.find((l) => !isBlank(l) && indentWidth(leadingWhitespace(l)) === base) ?? '');
  const sourceUnit = knownSourceUnit ?? detectIndentUnit(lines.map((l) => l.slice(Math.min(leadingWhitespace(l).length, baseWs.length))).join('\n'));
  const sourceStep = indentWidth(sourceUnit);
  const targetStep = indentWidth(targetUnit);
  const relativeWidths = lines.filter((l) => !isBlank(l)).map((l) => indentWidth(leadingWhitespace(l)) - base!);
  // A fragment too small to show its step is taken to use the file's when all its indentation fits it.
  const fitsTarget = knownSourceUnit === undefined && !targetUnit.includes('\t') && !sourceUnit.includes('\t') && relativeWidths.every((w) => w % targetStep === 0);
  const sameUnit = fitsTarget || sourceUnit === targetUnit || (sourceStep === targetStep && !targetUnit.includes('\t') && !sourceUnit.includes('\t'));
  return lines
    .map((line) => {
      if (isBlank(line)) return sameUnit && line.startsWith(baseWs) && line.length > baseWs.length ? targetIndent + line.slice(baseWs.length) : '';
      const ws = leadingWhitespace(line);
      let indent: string;
      if (sameUnit && ws.startsWith(baseWs) && indentWidth(baseWs) === base) {
        // Same style: keep the line's own whitespace beyond the base, character for character.
        indent = ws.slice(baseWs.length);
      } else {
        const relative = Math.max(0, indentWidth(ws) - base!);
        const levels = Math.floor(relative / sourceStep);
        const rest = relative - levels * sourceStep;
        indent = targetUnit.repeat(levels) + ' '.repeat(rest);
      }
      return targetIndent + indent + line.slice(ws.length);
    })
    .join('\n');
}

/** Removes one trailing newline (answers and search blocks end with one, replacements often don't). */
export function stripFinalNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** 1-based line of a string offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Offset where a 1-based line starts. */
export function lineStartOffset(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}
