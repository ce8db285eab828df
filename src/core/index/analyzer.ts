// Turns one file into what the index stores: read, filter, parse, extract. Runs inside the
// parse workers (or in-thread where no worker bundle exists). Open documents keep their tree
// so an edit re-parses incrementally; nothing here ever throws for a bad file.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Tree } from 'web-tree-sitter';
import { defaultLimits, skipReason, type FileLimits, type SkipReason } from './fileFilter';
import { extractFromTree, type FileExtraction } from './fileSymbols';
import { reextractEdited, type ExtractionPatch } from './incremental';
import { parseText, queryFor } from './parser';
import { applyChanges, toTreeEdit, type TextChange } from './textChange';
import type { LanguageId } from './types';

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
  hash: string;
  tree: Tree;
  extraction: FileExtraction;
}

/**
 * Trees of the documents open in the editor, so each edit costs an incremental re-parse and
 * a re-read of the symbols it touched. Least recently used trees are freed past `capacity`.
 */
export class OpenDocuments {
  private readonly documents = new Map<string, OpenDocument>();

  constructor(private readonly capacity = 32) {}

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
      const extraction = extractFromTree(path, text, tree, language, await queryFor(language), { searchDocs: true });
      const hash = hashText(text);
      this.remember(path, { language, text, hash, tree, extraction });
      return { ok: true, analysis: { path, language, hash, size: text.length, extraction } };
    } catch (error) {
      return { ok: false, path, reason: 'failed', message: errorText(error) };
    }
  }

  /**
   * Applies editor changes (each relative to the text after the previous one) to the kept
   * tree and re-parses incrementally. `expected` is the text after the changes, or only its
   * hash (so the whole text need not be sent to a worker on every keystroke). When the
   * document is not open or the changes do not give the expected text (a missed event), a
   * full text is parsed from scratch; with only a hash, the outcome is `outOfSync`.
   */
  async edit(path: string, language: LanguageId, changes: TextChange[], expected: string | { hash: string }, limits: FileLimits = defaultLimits): Promise<AnalyzeOutcome> {
    const resync = (): Promise<AnalyzeOutcome> =>
      typeof expected === 'string' ? this.open(path, language, expected, limits) : Promise.resolve({ ok: false, path, reason: 'outOfSync' });
    const document = this.documents.get(path);
    if (!document || document.language !== language) return resync();
    let newText = document.text;
    const edits = [];
    try {
      for (const change of changes) {
        edits.push(toTreeEdit(newText, change));
        newText = applyChanges(newText, [change]);
      }
    } catch {
      return resync();
    }
    const hash = hashText(newText);
    if (typeof expected === 'string' ? newText !== expected : hash !== expected.hash) return resync();
    const skip = skipReason(path, newText, limits);
    if (skip) {
      this.close(path);
      return { ok: false, path, reason: skip };
    }
    try {
      for (const edit of edits) document.tree.edit(edit);
      const tree = await parseText(language, newText, document.tree);
      const query = await queryFor(language);
      const reread = reextractEdited({ path, oldText: document.text, newText, oldTree: document.tree, newTree: tree, edits, previous: document.extraction, language, query });
      document.tree.delete();
      this.remember(path, { language, text: newText, hash, tree, extraction: reread.extraction });
      // A patch is a fraction of the whole extraction to send to the index's thread.
      const result = reread.patch ? { patch: { baseHash: document.hash, changes: reread.patch } } : { extraction: reread.extraction };
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

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
