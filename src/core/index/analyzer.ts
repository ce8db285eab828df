// Turns one file into what the index stores: read, filter, parse, extract. Runs inside the
// parse workers (or in-thread where no worker bundle exists). Open documents keep their tree
// so an edit re-parses incrementally; nothing here ever throws for a bad file.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Tree } from 'web-tree-sitter';
import { defaultLimits, skipReason, skipReasonAfterEdit, type FileLimits, type SkipReason } from './fileFilter';
import { detached, extractFromTree, type FileExtraction, type SearchDoc } from './fileSymbols';
import { reextractEdited, type ExtractionPatch } from './incremental';
import { parseText, queryFor } from './parser';
import { applyChanges, toTreeEdit, type TextChange } from './textChange';
import type { CodeSymbol, LanguageId } from './types';

export interface FileAnalysis {
  path: string;
  language: LanguageId;
  hash: string;
  /** Characters of text. */
  size: number;
  /** Everything read from the file; absent when `patch` stands for it. */
  extraction?: FileExtraction;
  /**
   * After an incremental edit that re-read only the symbol around it: the change relative to
   * the analysis of the text whose hash is `baseHash` (see `applyPatch`). Symbols outside the
   * re-read range keep their search fields.
   */
  patch?: { baseHash: string; changes: ExtractionPatch };
}

export type AnalyzeOutcome =
  | { ok: true; analysis: FileAnalysis }
  | { ok: false; path: string; reason: SkipReason; message?: string }
  /** An edit's changes did not lead to the expected text (a missed event): send the whole text. */
  | { ok: false; path: string; reason: 'outOfSync' };

export interface AnalyzeFileRequest {
  absolute: string;
  path: string;
  language: LanguageId;
  limits?: FileLimits;
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Reads and analyzes a file from disk. */
export async function analyzeFile(request: AnalyzeFileRequest): Promise<AnalyzeOutcome> {
  let text: string;
  try {
    text = await readFile(request.absolute, 'utf8');
  } catch (error) {
    return { ok: false, path: request.path, reason: 'unreadable', message: errorText(error) };
  }
  return analyzeText(request.path, request.language, text, request.limits);
}

/** Analyzes a text (a file's content or an unsaved document). */
export async function analyzeText(path: string, language: LanguageId, text: string, limits: FileLimits = defaultLimits): Promise<AnalyzeOutcome> {
  const skip = skipReason(path, text, limits);
  if (skip) return { ok: false, path, reason: skip };
  let tree: Tree | undefined;
  try {
    tree = await parseText(language, text);
    const extraction = extractFromTree(path, text, tree, language, await queryFor(language), { searchDocs: true });
    return { ok: true, analysis: { path, language, hash: hashText(text), size: text.length, extraction } };
  } catch (error) {
    return { ok: false, path, reason: 'failed', message: errorText(error) };
  } finally {
    tree?.delete();
  }
}

interface OpenDocument {
  language: LanguageId;
  text: string;
  /** Identifies this state of the text: a content hash when opened, a fresh token after each edit. */
  hash: string;
  tree: Tree;
  /** Kept without its references (see `open`). */
  extraction: FileExtraction;
  /** Newline characters in `text`. */
  newlines: number;
  /** The search fields last sent for each symbol, so unchanged ones are not sent again. */
  docs: Map<string, SearchDoc>;
  /** Search terms of own-text stretches (see ownTextDoc). */
  pieceTerms: Map<string, string[]>;
}

/**
 * What the text after an edit must be: the text itself, its hash, or (cheap enough for every
 * keystroke in a large file) its length and the text around the changes, which catches a
 * missed or misplaced change without hashing the whole document.
 */
export type ExpectedText = string | { hash: string } | { length: number; at: number; around: string };

/**
 * The `ExpectedText` for a document's new text after changes, without reading all of it. With
 * the text before the changes, the window is taken from it (a text just built by splicing
 * would otherwise be flattened, a copy of the whole document).
 */
export function expectedAfter(newText: string, changes: TextChange[], previousText?: string): ExpectedText {
  const only = changes.length === 1 ? changes[0]! : undefined;
  if (only && previousText !== undefined && only.rangeOffset + only.rangeLength <= previousText.length && previousText.length - only.rangeLength + only.text.length === newText.length) {
    const at = Math.max(0, only.rangeOffset - 32);
    const removedEnd = only.rangeOffset + only.rangeLength;
    return { length: newText.length, at, around: previousText.slice(at, only.rangeOffset) + only.text + previousText.slice(removedEnd, removedEnd + 32) };
  }
  // Where each change's text ends up once the later changes are applied.
  let from = Number.POSITIVE_INFINITY;
  let to = 0;
  for (const change of changes) {
    const removedEnd = change.rangeOffset + change.rangeLength;
    const delta = change.text.length - change.rangeLength;
    if (from !== Number.POSITIVE_INFINITY) {
      if (from >= removedEnd) from += delta;
      else if (from > change.rangeOffset) from = change.rangeOffset;
      if (to >= removedEnd) to += delta;
      else if (to > change.rangeOffset) to = change.rangeOffset + change.text.length;
    }
    from = Math.min(from, change.rangeOffset);
    to = Math.max(to, change.rangeOffset + change.text.length);
  }
  if (from === Number.POSITIVE_INFINITY) from = 0;
  const at = Math.max(0, Math.min(from, newText.length) - 32);
  const end = Math.min(newText.length, Math.max(to, at) + 32);
  return { length: newText.length, at, around: newText.slice(at, end) };
}

function matchesExpected(text: string, expected: ExpectedText): boolean {
  if (typeof expected === 'string') return text === expected;
  if ('hash' in expected) return hashText(text) === expected.hash;
  return text.length === expected.length && text.startsWith(expected.around, expected.at);
}

// Tokens naming edited states: unique per process (worker), never equal to a content hash.
const stateNonce = randomBytes(6).toString('hex');
let stateCounter = 0;

/**
 * Trees of the documents open in the editor, so each edit costs an incremental re-parse and
 * a re-read of the symbols it touched. Least recently used trees are freed past `capacity`.
 */
export class OpenDocuments {
  private readonly documents = new Map<string, OpenDocument>();

  /**
   * `copyResults`: hand out copies of what is kept (the kept extraction changes in place with
   * each edit). A worker thread's results are copied by postMessage anyway.
   */
  constructor(
    private readonly capacity = 32,
    private readonly copyResults = true,
  ) {}

  private copy<T>(value: T): T {
    return this.copyResults ? structuredClone(value) : value;
  }

  get size(): number {
    return this.documents.size;
  }

  /** Parses a document in full and keeps its tree. */
  async open(path: string, language: LanguageId, text: string, limits: FileLimits = defaultLimits): Promise<AnalyzeOutcome> {
    this.close(path);
    const skip = skipReason(path, text, limits);
    if (skip) return { ok: false, path, reason: skip };
    try {
      const tree = await parseText(language, text);
      const pieceTerms = new Map<string, string[]>();
      const extraction = extractFromTree(path, text, tree, language, await queryFor(language), { searchDocs: true, pieceTerms });
      const hash = hashText(text);
      const docs = new Map((extraction.searchDocs ?? []).map((d) => [d.id, d]));
      // Edits update the kept extraction in place: the caller gets its own copy. References are
      // not kept: only the receiver needs them, and shifting them all on every edit costs.
      const kept = { ...extraction, symbols: detachStrings(extraction.symbols), references: [] };
      this.remember(path, { language, text, hash, tree, extraction: kept, newlines: countNewlines(text, 0, text.length), docs, pieceTerms });
      return { ok: true, analysis: { path, language, hash, size: text.length, extraction: this.copy(extraction) } };
    } catch (error) {
      return { ok: false, path, reason: 'failed', message: errorText(error) };
    }
  }

  /**
   * Applies editor changes (each relative to the text after the previous one) to the kept
   * tree and re-parses incrementally. When the document is not open or the changes do not
   * give the expected text (a missed event), a full text is parsed from scratch; when only a
   * hash or a fingerprint is expected, the outcome is `outOfSync`.
   */
  async edit(path: string, language: LanguageId, changes: TextChange[], expected: ExpectedText, limits: FileLimits = defaultLimits): Promise<AnalyzeOutcome> {
    const resync = (): Promise<AnalyzeOutcome> =>
      typeof expected === 'string' ? this.open(path, language, expected, limits) : Promise.resolve({ ok: false, path, reason: 'outOfSync' });
    const document = this.documents.get(path);
    if (!document || document.language !== language) return resync();
    let newText = document.text;
    let newlines = document.newlines;
    const edits = [];
    try {
      for (const change of changes) {
        edits.push(toTreeEdit(newText, change));
        newlines += countNewlines(change.text, 0, change.text.length) - countNewlines(newText, change.rangeOffset, change.rangeOffset + change.rangeLength);
        newText = applyChanges(newText, [change]);
      }
    } catch {
      return resync();
    }
    if (!matchesExpected(newText, expected)) return resync();
    const skip = edits.length === 1 ? skipReasonAfterEdit(path, newText, newlines, edits[0]!, limits) : skipReason(path, newText, limits);
    if (skip) {
      this.close(path);
      return { ok: false, path, reason: skip };
    }
    try {
      for (const edit of edits) document.tree.edit(edit);
      const tree = await parseText(language, newText, document.tree);
      const query = await queryFor(language);
      const lines = newText ? newlines + (newText.endsWith('\n') ? 0 : 1) : 0;
      const reread = reextractEdited({
        path,
        oldText: document.text,
        newText,
        oldTree: document.tree,
        newTree: tree,
        edits,
        previous: document.extraction,
        language,
        query,
        lines,
        pieceTerms: document.pieceTerms,
      });
      document.tree.delete();
      const hash = `edit:${stateNonce}:${++stateCounter}`;
      let result: Pick<FileAnalysis, 'patch' | 'extraction'>;
      detachStrings(reread.patch ? reread.patch.symbols : reread.extraction.symbols);
      if (reread.patch) {
        const changed = reread.patch;
        // Only search fields that differ from what the receiver already has travel.
        const kept = new Set(changed.symbols.map((s) => s.id));
        for (const symbol of reread.removed ?? []) if (!kept.has(symbol.id)) document.docs.delete(symbol.id);
        changed.searchDocs = changed.searchDocs.filter((doc) => {
          const before = document.docs.get(doc.id);
          document.docs.set(doc.id, doc);
          return !before || before.name !== doc.name || before.doc !== doc.doc || before.body !== doc.body;
        });
        for (const symbol of changed.symbols) if (!document.docs.has(symbol.id)) throw new Error(`Index: no search fields for ${symbol.id}`);
        result = { patch: { baseHash: document.hash, changes: this.copy(changed) } };
      } else {
        document.docs = new Map((reread.extraction.searchDocs ?? []).map((d) => [d.id, d]));
        result = { extraction: this.copy(reread.extraction) };
      }
      this.remember(path, { ...document, text: newText, hash, tree, extraction: { ...reread.extraction, references: [] }, newlines });
      return { ok: true, analysis: { path, language, hash, size: newText.length, ...result } };
    } catch (error) {
      this.close(path);
      return { ok: false, path, reason: 'failed', message: errorText(error) };
    }
  }

  close(path: string): void {
    const document = this.documents.get(path);
    if (!document) return;
    document.tree.delete();
    this.documents.delete(path);
  }

  closeAll(): void {
    for (const path of [...this.documents.keys()]) this.close(path);
  }

  private remember(path: string, document: OpenDocument): void {
    this.documents.delete(path);
    this.documents.set(path, document);
    while (this.documents.size > this.capacity) {
      const oldest = this.documents.keys().next().value as string;
      this.close(oldest);
    }
  }
}

/**
 * Gives kept symbols their own copies of the strings cut from the text they were read from, so
 * that a symbol read by one edit does not keep that edit's whole text alive. In place; returns
 * the same array.
 */
function detachStrings(symbols: CodeSymbol[]): CodeSymbol[] {
  for (const symbol of symbols) {
    symbol.id = detached(symbol.id);
    symbol.name = detached(symbol.name);
    symbol.qualifiedName = detached(symbol.qualifiedName);
    symbol.signature = detached(symbol.signature);
    if (symbol.doc !== undefined) symbol.doc = detached(symbol.doc);
    if (symbol.parentId !== undefined) symbol.parentId = detached(symbol.parentId);
  }
  return symbols;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
