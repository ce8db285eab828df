// Reads a model's answer into blocks: SEARCH/REPLACE blocks, unified-diff hunks and fenced code
// blocks, each with the file it names if any. Tolerates prose around blocks, fences with or
// without a language tag, CRLF, <think> sections, missing end markers, and answers cut off at the
// end (the incomplete block is reported, the complete ones are kept).
import { parseDiffHunks } from './diffBlocks';
import type { ParseProblem } from './types';

export interface SearchReplaceBlock {
  type: 'search-replace';
  file?: string;
  search: string;
  replace: string;
  block: number;
}

export interface DiffBlock {
  type: 'diff';
  hunks: { file?: string; search: string; replace: string; line?: number }[];
  block: number;
}

export interface CodeBlock {
  type: 'code';
  /** Fence language tag, lower-cased ('' when none). */
  lang: string;
  file?: string;
  code: string;
  /** False when the answer ended inside the fence. */
  complete: boolean;
  block: number;
}

export type AnswerBlock = SearchReplaceBlock | DiffBlock | CodeBlock;

export interface ScannedAnswer {
  blocks: AnswerBlock[];
  problems: ParseProblem[];
  /** The answer with <think> sections removed and LF line endings. */
  text: string;
}

const FENCE = /^\s*(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;
const SEARCH = /^\s*<{5,9}\s*SEARCH\b/i;
const DIVIDER = /^\s*={5,9}\s*$/;
const REPLACE = /^\s*>{5,9}\s*REPLACE\b/i;

const SOURCE_EXTENSIONS = 'py|pyi|js|mjs|cjs|jsx|ts|mts|cts|tsx|json|md|txt|toml|ya?ml|cfg|ini|css|scss|html|vue|svelte|sh|go|rs|java|rb|php|c|h|cc|cpp|hpp|cs';
const PATH_TOKEN = new RegExp(`(?:^|[\\s\`'"*(\\[:])((?:[A-Za-z]:)?[\\w@.\\-/\\\\]*[\\w@\\-]\\.(?:${SOURCE_EXTENSIONS}))(?=$|[\\s\`'"*)\\]:,;.])`, 'g');

/** A file path mentioned in a short line of prose or a heading ("`shop/cart.py`:", "### File: a.ts"). */
export function pathInLine(line: string): string | undefined {
  const trimmed = line.trim();
  if (!trimmed || trimmed.length > 160) return undefined;
  let last: string | undefined;
  for (const match of trimmed.matchAll(PATH_TOKEN)) last = match[1];
  return last?.replace(/\\/g, '/');
}

function fenceTag(tag: string, rest: string): { lang: string; file?: string } {
  // ```python, ```py title="a.py", ```shop/cart.py, ```python:shop/cart.py
  const [langPart, filePart] = tag.includes(':') && !/^[A-Za-z]:[\\/]/.test(tag) ? [tag.slice(0, tag.indexOf(':')), tag.slice(tag.indexOf(':') + 1)] : [tag, ''];
  const fromTag = pathInLine(langPart ?? '');
  const file = pathInLine(filePart ?? '') ?? fromTag ?? pathInLine(rest.replace(/^(title|file(name)?|path)=/i, ' '));
  const lang = fromTag ? '' : (langPart ?? '').toLowerCase();
  return { lang, ...(file ? { file } : {}) };
}

/** Removes reasoning sections; an unclosed one (cut-off answer) removes the rest. */
function stripThinking(text: string): { text: string; cut: boolean } {
  const closed = text.replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi, '');
  const open = /<(think|thinking|reasoning)>/i.exec(closed);
  if (!open) return { text: closed, cut: false };
  return { text: closed.slice(0, open.index), cut: true };
}

/** Drops a fence line that wraps the content of a SEARCH or REPLACE part. */
function unwrapFence(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  if (start < end && FENCE.test(lines[start]!) && /^\s*(`{3,}|~{3,})\s*\w*\s*$/.test(lines[start]!)) start++;
  if (end > start && /^\s*(`{3,}|~{3,})\s*$/.test(lines[end - 1]!)) end--;
  return lines.slice(start, end);
}

export function scanAnswer(answer: string): ScannedAnswer {
  const thinking = stripThinking(answer.replace(/\r\n?/g, '\n'));
  const text = thinking.text;
  const lines = text.split('\n');
  const blocks: AnswerBlock[] = [];
  const problems: ParseProblem[] = [];
  let count = 0;

  type Fence = { marker: string; lang: string; file?: string; body: string[]; start: number; hadEdits: boolean };
  let fence: Fence | undefined;
  let sr: { file?: string; search: string[]; replace: string[]; inReplace: boolean; block: number; line: number } | undefined;
  let lastProsePath: string | undefined;
  let lastEditFile: string | undefined;

  const closesFence = (line: string, f: Fence) => {
    const t = line.trim();
    return t.length >= f.marker.length && t[0] === f.marker[0] && new RegExp(`^\\${f.marker[0]}{${f.marker.length},}$`).test(t);
  };

  const finishSr = () => {
    const current = sr!;
    const file = current.file ?? lastEditFile;
    blocks.push({ type: 'search-replace', ...(file ? { file } : {}), search: unwrapFence(current.search).join('\n'), replace: unwrapFence(current.replace).join('\n'), block: current.block });
    if (file) lastEditFile = file;
    sr = undefined;
  };

  const startSr = (lineIndex: number) => {
    // The path is on a line just before the block (inside or outside the fence), or in the fence tag.
    let file: string | undefined;
    const before = fence ? fence.body : [];
    for (let i = before.length - 1; i >= 0 && !file; i--) if (before[i]!.trim()) file = pathInLine(before[i]!);
    file ??= fence?.file ?? lastProsePath;
    if (fence) {
      fence.body = [];
      fence.hadEdits = true;
    }
    sr = { ...(file ? { file } : {}), search: [], replace: [], inReplace: false, block: ++count, line: lineIndex + 1 };
  };

  lines.forEach((line, index) => {
    if (sr) {
      if (SEARCH.test(line)) {
        if (!sr.inReplace) {
          problems.push({ kind: 'malformed', block: sr.block, message: `Block ${sr.block} has a second "<<<<<<< SEARCH" line before its "=======" line; it was not applied.` });
          sr = undefined;
        } else {
          // The model forgot ">>>>>>> REPLACE" before starting the next block: the replacement ends here.
          finishSr();
        }
        startSr(index);
        return;
      }
      if (!sr.inReplace && DIVIDER.test(line)) {
        sr.inReplace = true;
        return;
      }
      if (sr.inReplace && REPLACE.test(line)) {
        finishSr();
        return;
      }
      if (fence && closesFence(line, fence)) {
        if (sr.inReplace) finishSr();
        else {
          problems.push({ kind: 'malformed', block: sr.block, message: `Block ${sr.block} has no "=======" line between its SEARCH and REPLACE parts; it was not applied.` });
          sr = undefined;
        }
        fence = undefined;
        return;
      }
      (sr.inReplace ? sr.replace : sr.search).push(line);
      return;
    }
    if (fence) {
      if (closesFence(line, fence)) {
        if (!fence.hadEdits) emitFence(fence, true);
        fence = undefined;
        return;
      }
      if (SEARCH.test(line)) return startSr(index);
      fence.body.push(line);
      return;
    }
    const open = FENCE.exec(line);
    if (open) {
      const tag = fenceTag(open[2] ?? '', open[3] ?? '');
      fence = { marker: open[1]!, lang: tag.lang, body: [], start: index, hadEdits: false, ...(tag.file || lastProsePath ? { file: tag.file ?? lastProsePath } : {}) };
      return;
    }
    if (SEARCH.test(line)) return startSr(index);
    if (line.trim()) lastProsePath = pathInLine(line);
  });

  function emitFence(f: Fence, complete: boolean) {
    const code = f.body.join('\n');
    if (!code.trim()) return;
    const block = ++count;
    if (f.lang === 'diff' || f.lang === 'patch' || (f.lang === '' && /^(---|\+\+\+|@@)/m.test(code) && /^@@/m.test(code))) {
      const hunks = parseDiffHunks(code, f.file);
      if (hunks.length) {
        if (!complete) problems.push({ kind: 'truncated', block, message: `Diff block ${block} was cut off; its last hunk was not applied.` });
        blocks.push({ type: 'diff', hunks: complete ? hunks : hunks.slice(0, -1), block });
        return;
      }
    }
    blocks.push({ type: 'code', lang: f.lang, ...(f.file ? { file: f.file } : {}), code, complete, block });
  }

  if (sr) {
    const where = sr.file ? ` for ${sr.file}` : '';
    problems.push({
      kind: 'truncated',
      block: sr.block,
      message: `Block ${sr.block}${where} was cut off before its "${sr.inReplace ? '>>>>>>> REPLACE' : '======='}" line; it was not applied.`,
    });
  } else if (fence && !fence.hadEdits) {
    emitFence(fence, false);
  }
  if (thinking.cut && blocks.length === 0) {
    problems.push({ kind: 'truncated', message: 'The answer ended inside its <think> section, before any code.' });
  }
  // A diff written straight into the prose, without a fence.
  if (blocks.length === 0 && /^--- \S/m.test(text) && /^@@/m.test(text)) {
    const hunks = parseDiffHunks(text, undefined);
    if (hunks.length) blocks.push({ type: 'diff', hunks, block: ++count });
  }
  return { blocks, problems, text };
}
