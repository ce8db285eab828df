// Applies parsed edits to in-memory file texts, one by one, and rejects (with a reason the model
// can act on) every edit that does not apply or that leaves code tree-sitter cannot parse. No
// file on disk is touched: the caller decides what to do with the result.
import { languageOf } from '../index/languages';
import { parseText } from '../index/parser';
import type { CodeSymbol, LanguageId } from '../index/types';
import { resolveFile } from './files';
import { locate, trimBlankLines, type Location } from './locate';
import { findSymbol, symbolsOf } from './symbols';
import { describeSyntaxError, syntaxReport } from './syntax';
import { detectIndentUnit, leadingWhitespace, lineAt, lineStartOffset, reindent, toLf, withEol, type Eol } from './text';
import type { AppliedEdit, ApplyOptions, ApplyResult, ParsedEdit, RejectedEdit } from './types';

interface WorkingFile {
  text: string;
  eol: Eol;
  original: string;
  isNew: boolean;
}

type Change = { start: number; end: number; text: string; note?: string } | { reason: string } | { unchanged: true };

export async function applyEdits(files: ReadonlyMap<string, string>, edits: readonly ParsedEdit[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const working = new Map<string, WorkingFile>();
  const applied: AppliedEdit[] = [];
  const rejected: RejectedEdit[] = [];
  const unchanged: ParsedEdit[] = [];
  const readOnlyReason = 'it is a test; change the code under test instead';

  const current = () => {
    const view = new Map<string, string>();
    for (const [path, text] of files) view.set(path, working.get(path)?.text ?? toLf(text).text);
    for (const [path, file] of working) view.set(path, file.text);
    return view;
  };

  for (const edit of edits) {
    const label = labelOf(edit);
    const fileName = targetFile(edit, files, options);
    if ('reason' in fileName) {
      rejected.push({ edit, reason: `${label}: ${fileName.reason}` });
      continue;
    }
    let file = fileName.file;
    let entry = working.get(file);
    if (!entry && files.has(file)) {
      const { text, eol } = toLf(files.get(file)!);
      entry = { text, eol, original: files.get(file)!, isNew: false };
    }
    if (!entry) {
      if (!(edit.kind === 'search-replace' && trimBlankLines(edit.search) === '' && options.allowNewFiles)) {
        rejected.push({ edit, reason: `${label}: there is no file ${file} among the files shown (${[...files.keys()].join(', ')}).` });
        continue;
      }
      entry = { text: '', eol: '\n', original: '', isNew: true };
    }

    let change: Change;
    if (edit.kind === 'search-replace') change = searchReplace(entry, edit, await targetRanges(file, entry.text, options));
    else {
      const located = await locateSymbolEdit(edit, file, current(), options);
      if ('reason' in located) {
        rejected.push({ edit, reason: `${label}: ${located.reason}` });
        continue;
      }
      if (located.file !== file) {
        file = located.file;
        entry = working.get(file) ?? { ...toLf(files.get(file)!), original: files.get(file)!, isNew: false };
      }
      change = edit.kind === 'add-import' ? await importChange(entry.text, edit.code, located.symbol.language) : symbolChange(entry.text, edit, located.symbol);
    }
    if ('reason' in change) {
      rejected.push({ edit, reason: `${label}: ${change.reason}` });
      continue;
    }
    if ('unchanged' in change) {
      unchanged.push(edit);
      continue;
    }
    const next = entry.text.slice(0, change.start) + change.text + entry.text.slice(change.end);
    if (next === entry.text) {
      unchanged.push(edit);
      continue;
    }
    if (options.readOnly?.has(file)) {
      rejected.push({ edit, reason: `${label}: ${file} must not be changed (${readOnlyReason}).` });
      continue;
    }
    const startLine = lineAt(next, change.start);
    const endLine = Math.max(startLine, lineAt(next, change.start + change.text.length));
    const syntaxProblem = await newSyntaxErrors(file, entry.text, next, lineAt(entry.text, change.start), lineAt(entry.text, change.end), startLine, endLine);
    if (syntaxProblem) {
      rejected.push({ edit, reason: `${label}: the edited code does not parse: ${syntaxProblem}.` });
      continue;
    }
    working.set(file, { ...entry, text: next });
    applied.push({ edit, file, startLine, endLine, ...(change.note ? { note: change.note } : {}) });
  }

  const result = new Map<string, string>(files);
  const changedFiles: string[] = [];
  for (const [path, entry] of working) {
    const text = withEol(entry.text, entry.eol);
    if (text !== entry.original || entry.isNew) {
      result.set(path, text);
      changedFiles.push(path);
    }
  }
  return { files: result, applied, unchanged, rejected, changedFiles };
}

function labelOf(edit: ParsedEdit): string {
  const where = edit.file ? ` (${edit.file})` : '';
  switch (edit.kind) {
    case 'search-replace':
      return `${edit.source === 'diff' ? 'Diff hunk in block' : 'Block'} ${edit.block}${where}`;
    case 'replace-symbol':
      return `The new \`${edit.qualifiedName}\` (block ${edit.block})`;
    case 'insert-symbol':
      return `The added \`${edit.qualifiedName}\` (block ${edit.block})`;
    case 'add-import':
      return `The import \`${edit.code.split('\n')[0]}\` (block ${edit.block})`;
  }
}

function targetFile(edit: ParsedEdit, files: ReadonlyMap<string, string>, options: ApplyOptions): { file: string } | { reason: string } {
  if (edit.file) {
    const resolved = resolveFile(edit.file, files.keys());
    if (resolved) return { file: resolved };
    if (edit.kind === 'search-replace' && options.allowNewFiles && trimBlankLines(edit.search) === '') return { file: edit.file };
    return { reason: `there is no file ${edit.file} among the files shown (${[...files.keys()].join(', ')}).` };
  }
  if (options.defaultFile) return { file: options.defaultFile };
  if (files.size === 1) return { file: files.keys().next().value! };
  // A definition without a file is searched in every file.
  if (edit.kind === 'replace-symbol' || edit.kind === 'insert-symbol') return { file: files.keys().next().value! };
  return { reason: `it does not say which file it edits; put the file path on the line before the block.` };
}

/** Line ranges of the symbols the model was asked about, in this file. */
async function targetRanges(file: string, text: string, options: ApplyOptions): Promise<{ name: string; start: number; end: number }[]> {
  const wanted = (options.targets ?? []).filter((t) => t.file === file);
  if (wanted.length === 0) return [];
  const symbols = (await symbolsOf(file, text)) ?? [];
  return symbols.filter((s) => wanted.some((t) => t.qualifiedName === s.qualifiedName)).map((s) => ({ name: s.qualifiedName, start: s.startLine, end: s.endLine }));
}

/**
 * One of several equal matches, when a hint settles it: the only one inside a target symbol,
 * else the one nearest the line the answer gave.
 */
function chooseCandidate(text: string, candidates: Extract<Location, { ok: true }>[], targets: { name: string; start: number; end: number }[], line?: number) {
  const at = (c: Extract<Location, { ok: true }>) => lineAt(text, c.start);
  const inTargets = candidates.filter((c) => targets.some((t) => at(c) >= t.start && at(c) <= t.end));
  if (inTargets.length === 1) return { ...inTargets[0]!, note: `one of ${candidates.length} matches; chosen inside ${targets.find((t) => at(inTargets[0]!) >= t.start && at(inTargets[0]!) <= t.end)!.name}` };
  if (line !== undefined) {
    const pool = inTargets.length ? inTargets : candidates;
    const distances = pool.map((c) => Math.abs(at(c) - line));
    const best = Math.min(...distances);
    if (distances.filter((d) => d === best).length === 1) return { ...pool[distances.indexOf(best)]!, note: `one of ${candidates.length} matches; chosen nearest line ${line}` };
  }
  return undefined;
}

function searchReplace(entry: WorkingFile, edit: Extract<ParsedEdit, { kind: 'search-replace' }>, targets: { name: string; start: number; end: number }[]): Change {
  const replace = trimBlankLines(edit.replace.replace(/\r\n?/g, '\n'));
  if (entry.isNew) return { start: 0, end: 0, text: replace + '\n' };
  let found = locate(entry.text, edit.search.replace(/\r\n?/g, '\n'));
  if (!found.ok && found.candidates) found = chooseCandidate(entry.text, found.candidates, targets, edit.line) ?? found;
  if (!found.ok) return { reason: found.reason };
  let text = replace;
  if (found.indent) {
    const unit = detectIndentUnit(entry.text);
    const { scale } = found.indent;
    // The matched lines tell how the answer's indentation maps to the file's; use that mapping.
    let sourceUnit: string | undefined;
    if (scale !== undefined) sourceUnit = unit === '\t' ? ' '.repeat(Math.max(1, Math.round(4 / scale))) : ' '.repeat(Math.max(1, Math.round(unit.length / scale)));
    text = reindent(replace, found.indent.toIndent, unit, found.indent.fromBase, sourceUnit);
  }
  let { end } = found;
  // Deleting whole lines also deletes their line break.
  if (text === '' && found.wholeLines && entry.text[end] === '\n') end++;
  return { start: found.start, end, text, ...(found.note ? { note: found.note } : {}) };
}

interface SymbolLocation {
  file: string;
  symbol: CodeSymbol;
}

async function locateSymbolEdit(
  edit: Extract<ParsedEdit, { kind: 'replace-symbol' | 'insert-symbol' | 'add-import' }>,
  file: string,
  files: ReadonlyMap<string, string>,
  options: ApplyOptions,
): Promise<SymbolLocation | { reason: string }> {
  if (edit.kind === 'add-import') {
    const symbols = await symbolsOf(file, files.get(file) ?? '');
    const module = symbols?.find((s) => s.kind === 'module');
    if (!module) return { reason: `SelfDebug cannot read ${file} to add an import to it.` };
    return { file, symbol: module };
  }
  const name = edit.kind === 'replace-symbol' ? edit.qualifiedName : edit.anchor;
  const kind = edit.kind === 'replace-symbol' ? (edit.symbolKind === 'class' ? 'class' : 'function') : 'function';
  const found = await findSymbol(files, { qualifiedName: name, kind, ...(edit.file ? { file } : {}), defaultFile: options.defaultFile, targets: options.targets });
  if (!found.ok) return { reason: found.reason };
  return { file: found.file, symbol: found.symbol };
}

function symbolChange(text: string, edit: Extract<ParsedEdit, { kind: 'replace-symbol' | 'insert-symbol' }>, symbol: CodeSymbol): Change {
  const unit = detectIndentUnit(text);

  const lineStart = lineStartOffset(text, symbol.startLine);
  const linePrefix = text.slice(lineStart, symbol.startByte);
  const indent = leadingWhitespace(linePrefix);
  const code = trimBlankLines(edit.code.replace(/\r\n?/g, '\n'));
  // A definition that starts mid-line (`a.b = a.c = function () {`) is replaced from the line's
  // start when the answer wrote the whole line.
  const startsLine = linePrefix.trim() === '' || (edit.kind === 'replace-symbol' && code.trimStart().startsWith(linePrefix.trim()));

  if (edit.kind === 'insert-symbol') {
    const block = reindent(code, indent, unit);
    const topLevelPython = symbol.language === 'python' && indent === '';
    const gap = topLevelPython ? '\n\n\n' : '\n\n';
    if (edit.position === 'after') return { start: symbol.endByte, end: symbol.endByte, text: gap + block };
    return { start: lineStart, end: lineStart, text: block + gap };
  }

  let start = startsLine ? lineStart : symbol.startByte;
  const original = text.slice(start, symbol.endByte);
  let replacement = reindent(code, startsLine ? indent : '', unit);
  // Keep what the answer left out around the definition: Python decorators, `export`.
  const prefix = keptPrefix(original.trimStart(), replacement.trimStart(), symbol);
  if (prefix) {
    const firstCode = replacement.search(/\S/);
    const ownIndent = replacement.slice(0, firstCode);
    const lines = prefix.split('\n');
    // Decorator lines end with a line break; an `export ` keyword continues the same line.
    replacement = lines.map((l, i) => (i < lines.length - 1 ? ownIndent + l + '\n' : l ? ownIndent + l : ownIndent)).join('') + replacement.slice(firstCode);
  }
  if (!startsLine) {
    // The definition starts mid-line (`obj = { m() {...} }`): the answer's first line goes there.
    replacement = replacement.trimStart();
    start = symbol.startByte;
  }
  // Text after the definition on its last line (`},` in an object, `;`): an answer that copied the
  // whole line carries it too, and must replace it rather than add a second one.
  let end = symbol.endByte;
  const lineEnd = text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end);
  const rest = text.slice(end, lineEnd).trim();
  if (rest && replacement.trimEnd().endsWith(rest)) end = lineEnd;
  if (text.slice(start, end) === replacement) return { unchanged: true };
  return { start, end, text: replacement };
}

/** Decorator lines or an `export`/`export default` keyword the original has and the answer omitted. */
function keptPrefix(original: string, answer: string, symbol: CodeSymbol): string {
  if (symbol.language === 'python') {
    if (answer.startsWith('@') || !original.startsWith('@')) return '';
    const lines = original.split('\n');
    const defLine = lines.findIndex((l) => /^\s*(async\s+def|def|class)\s/.test(l));
    if (defLine <= 0) return '';
    return lines
      .slice(0, defLine)
      .map((l) => l.trimStart())
      .join('\n')
      .concat('\n');
  }
  const exported = /^export\s+(default\s+)?/.exec(original);
  if (exported && !/^export\s/.test(answer)) return exported[0];
  return '';
}

const IMPORT_NODES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** Adds an import after the file's last top-level import, unless the file already has it. */
async function importChange(text: string, code: string, language: LanguageId): Promise<Change> {
  const statement = code.trim();
  const normalized = (s: string) => s.replace(/\s+/g, ' ').replace(/;$/, '').trim();
  const tree = await parseText(language, text);
  let lastImportEndRow = -1;
  let firstStatementRow = -1;
  let prologueEndRow = -1;
  try {
    for (const node of tree.rootNode.namedChildren) {
      if (!node) continue;
      if (IMPORT_NODES.has(node.type)) {
        if (normalized(node.text) === normalized(statement)) return { unchanged: true };
        lastImportEndRow = node.endPosition.row;
      } else if (firstStatementRow < 0 && node.type !== 'comment') {
        firstStatementRow = node.startPosition.row;
        // A module docstring or "use strict" stays first.
        if (node.type === 'expression_statement' && /^(['"]{3}|['"])/.test(node.text.trim())) prologueEndRow = node.endPosition.row;
      }
    }
  } finally {
    tree.delete();
  }
  if (lastImportEndRow >= 0) {
    const offset = lineStartOffset(text, lastImportEndRow + 2);
    if (offset >= text.length && !text.endsWith('\n')) return { start: text.length, end: text.length, text: `\n${statement}` };
    return { start: offset, end: offset, text: `${statement}\n` };
  }
  if (prologueEndRow >= 0) {
    const offset = lineStartOffset(text, prologueEndRow + 2);
    return { start: offset, end: offset, text: `${statement}\n` };
  }
  const shebang = text.startsWith('#!') ? lineStartOffset(text, 2) : 0;
  return { start: shebang, end: shebang, text: `${statement}\n\n` };
}

/**
 * Describes the syntax errors an edit introduced, or returns undefined. An edit may touch code
 * that was already broken; only new errors count (in the edited region or in the whole file).
 */
async function newSyntaxErrors(
  file: string,
  before: string,
  after: string,
  beforeStart: number,
  beforeEnd: number,
  afterStart: number,
  afterEnd: number,
): Promise<string | undefined> {
  const language = languageOf(file);
  if (!language) return undefined;
  const now = await syntaxReport(language, after, afterStart, afterEnd);
  if (now.total === 0) return undefined;
  const old = await syntaxReport(language, before, beforeStart, beforeEnd);
  if (now.inRegion > old.inRegion || now.total > old.total) return describeSyntaxError(now.first);
  return undefined;
}
