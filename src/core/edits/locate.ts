// Finds where a SEARCH text is in a file: exactly first, then ignoring trailing whitespace, then
// ignoring indentation (the replacement is then re-indented), then ignoring blank lines. A text
// found in several places, or nowhere, gets a reason precise enough to send back to the model
// (the places, or the closest lines and the first line that differs).
import { baseIndentWidth, indentWidth, leadingWhitespace, lineAt, lineStartOffset } from './text';

export type Location =
  | {
      ok: true;
      start: number;
      end: number;
      /** Matched as whole lines (a deletion then also removes the line break). */
      wholeLines: boolean;
      /**
       * Set when indentation was ignored: the replacement must be re-indented from `fromBase` to
       * `toIndent`; `scale` (when the lines showed it) is how many file columns one SEARCH column is.
       */
      indent?: { fromBase: number; toIndent: string; scale?: number };
      note?: string;
    }
  | {
      ok: false;
      reason: string;
      /** When the text matches several places: each of them, for the caller to choose by other hints. */
      candidates?: Extract<Location, { ok: true }>[];
    };

/** Leading and trailing blank lines carry no information and are often added or lost by models. */
export function trimBlankLines(text: string): string {
  const lines = text.split('\n');
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end).join('\n');
}

function allIndexes(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

const MAX_PLACES = 5;

function ambiguous(lines: number[], candidates: Extract<Location, { ok: true }>[]): Location {
  const shown = lines.slice(0, MAX_PLACES).join(', ') + (lines.length > MAX_PLACES ? ', ...' : '');
  return { ok: false, reason: `the SEARCH text matches ${lines.length} places in the file (lines ${shown}); include more surrounding lines so it matches exactly one.`, candidates };
}

/** Reasons are phrased to follow "Block N (file): ". */
export function locate(fileText: string, searchText: string): Location {
  const search = trimBlankLines(searchText);
  if (!search) return { ok: false, reason: 'the SEARCH part is empty; copy the exact lines to replace into it.' };

  // A fragment of one line may match inside a line; several lines must match whole lines (else
  // "}\n}" would match the braces of "}\n};").
  const exact = allIndexes(fileText, search)
    .map((start) => {
      const end = start + search.length;
      const wholeLines = (start === 0 || fileText[start - 1] === '\n') && (end === fileText.length || fileText[end] === '\n');
      return { ok: true as const, start, end, wholeLines };
    })
    .filter((m) => m.wholeLines || !search.includes('\n'));
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) return ambiguous(exact.map((m) => lineAt(fileText, m.start)), exact);

  const fileLines = fileText.split('\n');
  const searchLines = search.split('\n');
  const windows = (equal: (a: string, b: string) => boolean) => {
    const found: number[] = [];
    for (let i = 0; i + searchLines.length <= fileLines.length; i++) {
      let all = true;
      for (let j = 0; j < searchLines.length && all; j++) all = equal(fileLines[i + j]!, searchLines[j]!);
      if (all) found.push(i);
    }
    return found;
  };
  const span = (first: number, last: number) => ({ start: lineStartOffset(fileText, first + 1), end: lineStartOffset(fileText, last + 1) + fileLines[last]!.length });

  const rstripped = windows((a, b) => a.trimEnd() === b.trimEnd()).map((first) => ({
    ok: true as const,
    ...span(first, first + searchLines.length - 1),
    wholeLines: true,
    note: 'matched ignoring trailing whitespace',
  }));
  if (rstripped.length === 1) return rstripped[0]!;
  if (rstripped.length > 1) return ambiguous(rstripped.map((m) => lineAt(fileText, m.start)), rstripped);

  const searchBase = baseIndentWidth(searchLines);
  const codeSearchLines = searchLines.filter((l) => l.trim() !== '');
  const reindentTo = (first: number, last: number) => {
    const window = fileLines.slice(first, last + 1);
    const base = baseIndentWidth(window);
    const baseLine = window.find((l) => l.trim() !== '' && indentWidth(leadingWhitespace(l)) === base) ?? '';
    // How the SEARCH text's indentation maps to the file's, line by line: the same steps shifted
    // (scale 1), or every step multiplied (2 spaces written for 4: scale 2).
    const windowCode = window.filter((l) => l.trim() !== '');
    let scale: number | undefined;
    if (windowCode.length === codeSearchLines.length) {
      const ratios = new Set<number>();
      let consistent = true;
      windowCode.forEach((line, i) => {
        const to = indentWidth(leadingWhitespace(line)) - base;
        const from = indentWidth(leadingWhitespace(codeSearchLines[i]!)) - searchBase;
        if (from === 0 && to === 0) return;
        if (from === 0 || to % from !== 0) consistent = false;
        else ratios.add(to / from);
      });
      if (consistent && ratios.size <= 1) scale = ratios.size ? [...ratios][0]! : 1;
    }
    return { fromBase: searchBase, toIndent: leadingWhitespace(baseLine), ...(scale !== undefined ? { scale } : {}) };
  };

  const stripped = windows((a, b) => a.trim() === b.trim()).map((first) => {
    const last = first + searchLines.length - 1;
    return { ok: true as const, ...span(first, last), wholeLines: true, indent: reindentTo(first, last), note: 'matched ignoring indentation' };
  });
  if (stripped.length === 1) return stripped[0]!;
  if (stripped.length > 1) return ambiguous(stripped.map((m) => lineAt(fileText, m.start)), stripped);

  // Ignoring blank lines: the non-blank lines of SEARCH appear consecutively (blank lines between them aside).
  const codeSearch = searchLines.filter((l) => l.trim() !== '').map((l) => l.trim());
  const codeFile = fileLines.map((l, i) => ({ text: l.trim(), index: i })).filter((l) => l.text !== '');
  const loose: [number, number][] = [];
  for (let i = 0; i + codeSearch.length <= codeFile.length; i++) {
    let all = true;
    for (let j = 0; j < codeSearch.length && all; j++) all = codeFile[i + j]!.text === codeSearch[j];
    if (all) loose.push([codeFile[i]!.index, codeFile[i + codeSearch.length - 1]!.index]);
  }
  const looseMatches = loose.map(([first, last]) => ({
    ok: true as const,
    ...span(first, last),
    wholeLines: true,
    indent: reindentTo(first, last),
    note: 'matched ignoring blank lines and indentation',
  }));
  if (looseMatches.length === 1) return looseMatches[0]!;
  if (looseMatches.length > 1) return ambiguous(looseMatches.map((m) => lineAt(fileText, m.start)), looseMatches);

  return { ok: false, reason: `the SEARCH text was not found in the file.${closestHint(fileLines, searchLines)}` };
}

/** Where the SEARCH text most likely was meant to match, and the first line that differs there. */
function closestHint(fileLines: string[], searchLines: string[]): string {
  const wanted = searchLines.map((l) => l.trim());
  const size = wanted.length;
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < fileLines.length; i++) {
    let score = 0;
    for (let j = 0; j < size && i + j < fileLines.length; j++) if (fileLines[i + j]!.trim() === wanted[j] && wanted[j] !== '') score++;
    // Between equal scores, a window that starts like the SEARCH text is the likelier place.
    if (fileLines[i]!.trim() === wanted[0]) score += 0.5;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  const meaningful = wanted.filter((l) => l !== '').length;
  if (best < 0 || Math.floor(bestScore) * 2 < meaningful) return ' Copy the lines to replace exactly from the current code.';
  let differs = '';
  for (let j = 0; j < size; j++) {
    const actual = fileLines[best + j];
    if (actual === undefined) {
      differs = ` The file ends at line ${fileLines.length}, before the SEARCH text does.`;
      break;
    }
    if (actual.trim() !== wanted[j]) {
      differs = ` Line ${best + j + 1} of the file is \`${actual.trim()}\` but the SEARCH text has \`${wanted[j]}\`.`;
      break;
    }
  }
  const last = Math.min(fileLines.length, best + size);
  return ` The closest lines are ${best + 1}-${last}.${differs} Copy the lines to replace exactly from the current code.`;
}
