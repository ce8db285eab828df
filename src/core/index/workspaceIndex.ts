// The workspace index: every source file's symbols and references (parsed in worker threads),
// the code graph built from them, and BM25 search over symbols. Files are added, changed and
// removed one at a time without a rebuild; an editor's open documents are re-parsed
// incrementally; the whole index serializes so a reopened workspace re-parses only what changed.
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../ports';
import type { AnalyzeOutcome, FileAnalysis } from './analyzer';
import { expectedAfter, hashText } from './analyzer';
import { applyPatch, type ExtractionPatch } from './incremental';
import { defaultLimits, type FileLimits, type SkipReason } from './fileFilter';
import { languageDescriptor, languageOf } from './languages';
import { Linker, MAX_AMBIGUOUS, referenceTokens, type LinkedFile } from './linker';
import { ModuleResolver } from './moduleResolver';
import { parseSerializedIndex, serializeIndex, type SerializedFile, type SerializedIndex } from './persistence';
import { SymbolSearch } from './search';
import type { TextChange } from './textChange';
import { readPathMapping } from './tsconfig';
import type { CodeEdge, CodeIndex, CodeSymbol, EdgeKind, FileEntry, IndexStats, LanguageId, Reference, SearchHit } from './types';
import { defaultExcludes, excludeMatcher, listSourceFiles } from './walker';
import { createParsePool, type ParsePool } from './worker/pool';

export interface IndexOptions {
  logger?: Logger;
  /** Globs of paths to leave out (VS Code's files.exclude); default: VCS folders, node_modules, caches. */
  exclude?: string[];
  limits?: Partial<FileLimits>;
  /** Parse worker threads (0: parse in this thread). */
  threads?: number;
  /** The parse worker bundle; default: parseWorker.js next to the running bundle. */
  workerScript?: string;
}

export interface BuildOptions extends IndexOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** A serialized index of the same folder (see `serialize()`): unchanged files are reused. */
  previous?: unknown;
}

export interface RefreshOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

interface FileRecord extends LinkedFile {
  defaultExportAt?: number;
  entry: FileEntry;
  hash: string;
  /** Size on disk (bytes) and modification time when read from disk; 0/0 for editor text. */
  size: number;
  mtimeMs: number;
}

/** What a file's record is made of, whether read by a worker or restored from the saved index. */
interface RecordContent {
  symbols: CodeSymbol[];
  references: Reference[];
  defaultExport?: string;
  defaultExportAt?: number;
  lines: number;
  parseErrors: number;
}

function fileRecord(file: string, language: LanguageId, content: RecordContent, source: { hash: string; size: number; mtimeMs: number }): FileRecord {
  return {
    path: file,
    language,
    symbols: content.symbols,
    references: content.references,
    ...(content.defaultExport ? { defaultExport: content.defaultExport } : {}),
    ...(content.defaultExportAt !== undefined ? { defaultExportAt: content.defaultExportAt } : {}),
    entry: { path: file, language, lines: content.lines, parseErrors: content.parseErrors },
    hash: source.hash,
    size: source.size,
    mtimeMs: source.mtimeMs,
  };
}

export class WorkspaceIndex implements CodeIndex {
  readonly root: string;
  private readonly logger?: Logger;
  private readonly exclude: string[];
  private readonly limits: FileLimits;
  private readonly pool: ParsePool;
  private readonly records = new Map<string, FileRecord>();
  private readonly byId = new Map<string, CodeSymbol>();
  /** Name -> ids, one map per kind (the linker asks for "the methods named x"). */
  private readonly byName: Record<Exclude<CodeSymbol['kind'], 'module'>, Map<string, Set<string>>> = {
    class: new Map(),
    function: new Map(),
    method: new Map(),
  };
  private readonly resolver = new ModuleResolver();
  private readonly linker: Linker;
  private readonly edgesByFile = new Map<string, CodeEdge[]>();
  private readonly outgoing = new Map<string, Set<CodeEdge>>();
  private readonly incoming = new Map<string, Set<CodeEdge>>();
  /** Whether resolution caches must be dropped before the next relink (names or imports changed). */
  private linkCachesStale = true;
  /** Main-thread time spent applying parse results and linking, for the build log. */
  private applyMs = 0;
  private linkMs = 0;
  private readonly skippedFiles = new Map<string, { reason: SkipReason; size: number; mtimeMs: number }>();
  /** Files whose text came from the editor rather than the disk. */
  private readonly editorTexts = new Map<string, string>();
  private readonly diskTexts = new Map<string, string>();
  private readonly latestRequest = new Map<string, number>();
  /** Files to relink at the next flush, with the names whose resolutions to drop first (or all). */
  private readonly pendingLinks = new Map<string, Set<string> | 'all'>();
  /** Bumped whenever an import or inheritance edge appears or goes (see filesReaching). */
  private graphVersion = 0;
  private readonly reachingCache = new Map<string, { version: number; files: Set<string> }>();
  /** Name -> files whose references depend on it; module stem -> files importing something by that stem. */
  // Built on first use (the first update after a build), then kept current.
  private referencers?: Map<string, Map<string, number>>;
  private importStems?: Map<string, Map<string, number>>;
  /** Imported name -> files importing it under another name -> those names. */
  private aliases?: Map<string, Map<string, Map<string, number>>>;
  /** During a large refresh every file is relinked at the end, so dependents need no tracking. */
  private bulk = false;
  private lexical = SymbolSearch.empty();
  private requestCounter = 0;
  private buildMs = 0;
  private disposed = false;

  private constructor(root: string, options: IndexOptions) {
    this.root = path.resolve(root);
    this.logger = options.logger;
    this.exclude = options.exclude ?? defaultExcludes;
    this.limits = { ...defaultLimits, ...options.limits };
    this.pool = createParsePool({ threads: options.threads, workerScript: options.workerScript, logger: options.logger });
    this.linker = new Linker({
      file: (p) => this.records.get(p),
      symbol: (id) => this.byId.get(id),
      symbolsNamed: (name, kinds) => this.symbolsNamed(name, kinds),
      resolver: this.resolver,
    });
  }

  /** Indexes a folder (reusing `options.previous` for unchanged files). */
  static async build(root: string, options: BuildOptions = {}): Promise<WorkspaceIndex> {
    const index = new WorkspaceIndex(root, options);
    try {
      if (options.previous !== undefined) index.restore(options.previous);
      await index.refresh({ signal: options.signal, onProgress: options.onProgress });
      return index;
    } catch (error) {
      await index.dispose();
      throw error;
    }
  }

  /** Re-walks the folder: parses new and changed files, drops deleted ones, relinks. */
  async refresh(options: RefreshOptions = {}): Promise<IndexStats> {
    this.assertLive();
    const started = performance.now();
    this.applyMs = 0;
    this.linkMs = 0;
    const { signal, onProgress } = options;
    signal?.throwIfAborted();
    const walk = await listSourceFiles(this.root, { exclude: this.exclude, maxFileBytes: this.limits.maxFileBytes, signal, logger: this.logger });
    const present = new Set(walk.files.map((f) => f.path));
    for (const file of walk.files) this.resolver.add(file.path, file.language);
    const tooLarge = new Set(walk.tooLarge);
    for (const file of [...this.skippedFiles.keys()]) if (!present.has(file) && !tooLarge.has(file)) this.skippedFiles.delete(file);
    for (const file of walk.tooLarge) {
      this.forget(file);
      this.skippedFiles.set(file, { reason: 'tooLarge', size: 0, mtimeMs: 0 });
    }
    for (const file of [...this.records.keys()]) if (!present.has(file) && !this.editorTexts.has(file)) this.forget(file);
    await this.loadPathMappings(walk.configFiles);

    const todo: typeof walk.files = [];
    for (const file of walk.files) {
      const record = this.records.get(file.path);
      if (this.editorTexts.has(file.path)) continue;
      if (record && record.size === file.size && record.mtimeMs === file.mtimeMs) continue;
      const skipped = this.skippedFiles.get(file.path);
      // A file skipped for what it contains stays skipped until it changes.
      if (!record && skipped && skipped.reason !== 'failed' && skipped.reason !== 'unreadable' && skipped.size === file.size && skipped.mtimeMs === file.mtimeMs) continue;
      if (record && record.size === file.size && (await this.sameContent(file.absolute, record.hash))) {
        record.mtimeMs = file.mtimeMs;
        continue;
      }
      todo.push(file);
    }
    this.logger?.info(`Index: ${walk.files.length} source files in ${this.root}, ${todo.length} to parse`);

    let done = 0;
    onProgress?.(0, todo.length);
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        signal?.throwIfAborted();
        const file = todo[next++]!;
        const seq = this.nextRequest(file.path);
        let outcome: AnalyzeOutcome | undefined;
        try {
          outcome = await this.pool.run({ op: 'analyzeFile', absolute: file.absolute, path: file.path, language: file.language, limits: this.limits });
        } catch (error) {
          outcome = { ok: false, path: file.path, reason: 'failed', message: error instanceof Error ? error.message : String(error) };
        }
        if (outcome && this.isLatest(file.path, seq)) this.applyOutcome(outcome, { size: file.size, mtimeMs: file.mtimeMs }, true);
        onProgress?.(++done, todo.length);
      }
    };
    const lanes = Math.max(2, this.pool.threads * 2);
    this.bulk = todo.length > this.records.size / 4 || this.pendingLinks.size > this.records.size / 4;
    try {
      await Promise.all(Array.from({ length: Math.min(lanes, todo.length) }, worker));
    } finally {
      this.flushLinks(this.bulk ? 'all' : 'pending');
      this.bulk = false;
    }
    this.buildMs = Math.round(performance.now() - started);
    const stats = this.stats();
    this.logger?.info(`Index: ${stats.files} files, ${stats.symbols} symbols, ${stats.edges} edges, ${stats.parseErrors} parse errors in ${stats.ms} ms`);
    this.logger?.debug(`Index: main thread spent ${Math.round(this.applyMs)} ms storing parse results and ${Math.round(this.linkMs)} ms linking (${this.pool.mode}, ${this.pool.threads} workers)`);
    return stats;
  }

  /**
   * Re-reads one file (from `text`, else from disk) and updates its symbols, edges and search
   * entries. A path outside the root, or of no known language, is ignored. Returns the file's
   * entry, or undefined when it is not indexed (skipped, missing, excluded).
   */
  async updateFile(file: string, text?: string): Promise<FileEntry | undefined> {
    const request = this.beginRequest(file);
    if (!request) return undefined;
    const { relative, language, seq } = request;
    let outcome: AnalyzeOutcome | undefined;
    let disk: { size: number; mtimeMs: number } = { size: 0, mtimeMs: 0 };
    if (text === undefined) {
      this.editorTexts.delete(relative);
      const absolute = path.join(this.root, relative);
      try {
        const info = await stat(absolute);
        disk = { size: info.size, mtimeMs: info.mtimeMs };
        if (info.size > this.limits.maxFileBytes) outcome = { ok: false, path: relative, reason: 'tooLarge' };
      } catch {
        if (this.isLatest(relative, seq)) this.removeFile(relative);
        return undefined;
      }
      this.resolver.add(relative, language);
      outcome ??= await this.runSafely({ op: 'analyzeFile', absolute, path: relative, language, limits: this.limits });
    } else {
      this.resolver.add(relative, language);
      outcome = await this.runSafely({ op: 'analyzeText', path: relative, language, text, limits: this.limits });
      if (outcome?.ok) this.editorTexts.set(relative, text);
    }
    if (!outcome || !this.isLatest(relative, seq)) return this.records.get(relative)?.entry;
    this.applyOutcome(outcome, disk, false);
    return this.records.get(relative)?.entry;
  }

  /** Parses an editor document in full and keeps its tree for incremental edits. */
  async openDocument(file: string, text: string): Promise<FileEntry | undefined> {
    const request = this.beginRequest(file);
    if (!request) return undefined;
    const { relative, language, seq } = request;
    this.resolver.add(relative, language);
    const parsed = this.runSafely({ op: 'openDocument', path: relative, language, text, limits: this.limits });
    // Edits need the index of which files use which names, built on first use: build it while
    // the worker parses the document rather than on the first keystroke (hundreds of ms in a
    // large workspace). A bulk refresh builds it afterwards when needed.
    if (!this.bulk) this.ensureReferencers();
    const outcome = await parsed;
    if (outcome?.ok) this.editorTexts.set(relative, text);
    if (outcome && this.isLatest(relative, seq)) this.applyOutcome(outcome, { size: 0, mtimeMs: 0 }, false);
    return this.records.get(relative)?.entry;
  }

  /**
   * An edit to an open document: `changes` as the editor reports them (each relative to the
   * text left by the previous one), `newText` the full text after them. Re-parses
   * incrementally from the kept tree and re-reads only the symbol around the edit.
   */
  async applyEdit(file: string, changes: TextChange[], newText: string): Promise<FileEntry | undefined> {
    const request = this.beginRequest(file);
    if (!request) return undefined;
    const { relative, language, seq } = request;
    this.resolver.add(relative, language);
    const expected = expectedAfter(newText, changes, this.editorTexts.get(relative));
    this.editorTexts.set(relative, newText);
    const outcome = await this.runSafely({ op: 'editDocument', path: relative, language, changes, expected, limits: this.limits });
    if (outcome && !outcome.ok && outcome.reason === 'outOfSync') {
      return this.isLatest(relative, seq) ? this.openDocument(relative, newText) : this.records.get(relative)?.entry;
    }
    const patch = outcome?.ok ? outcome.analysis.patch : undefined;
    if (patch && this.records.get(relative)?.hash !== patch.baseHash) {
      // The patch is relative to a state this index does not hold (an update in between): re-read.
      if (!this.isLatest(relative, seq)) return this.records.get(relative)?.entry;
      return this.openDocument(relative, this.editorTexts.get(relative) ?? newText);
    }
    if (outcome && (patch || this.isLatest(relative, seq))) this.applyOutcome(outcome, { size: 0, mtimeMs: 0 }, false);
    return this.records.get(relative)?.entry;
  }

  /** The editor closed a document: drop its tree and go back to the file on disk. */
  async closeDocument(file: string): Promise<FileEntry | undefined> {
    const relative = this.relative(file);
    if (!relative) return undefined;
    await this.pool.run({ op: 'closeDocument', path: relative }).catch(() => undefined);
    if (!this.editorTexts.has(relative)) return this.records.get(relative)?.entry;
    this.editorTexts.delete(relative);
    return this.updateFile(relative);
  }

  /** Removes a file (deleted on disk) with its symbols, edges and search entries. */
  removeFile(file: string): void {
    const relative = this.relative(file);
    if (!relative) return;
    this.nextRequest(relative);
    this.editorTexts.delete(relative);
    void this.pool.run({ op: 'closeDocument', path: relative }).catch(() => undefined);
    if (this.forget(relative)) this.flushLinks('pending');
    this.skippedFiles.delete(relative);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.pool.dispose();
  }

  /** A JSON-able snapshot; pass it as `previous` to `build` to skip unchanged files. */
  serialize(): SerializedIndex {
    const files: SerializedFile[] = [];
    for (const record of this.records.values()) {
      if (this.editorTexts.has(record.path)) continue; // unsaved text is not what the disk holds
      files.push({
        path: record.path,
        language: record.language,
        lines: record.entry.lines,
        parseErrors: record.entry.parseErrors,
        hash: record.hash,
        size: record.size,
        mtimeMs: record.mtimeMs,
        symbols: record.symbols,
        references: record.references,
        ...(record.defaultExport ? { defaultExport: record.defaultExport } : {}),
        ...(record.defaultExportAt !== undefined ? { defaultExportAt: record.defaultExportAt } : {}),
      });
    }
    // Unsaved documents' search entries would be wrong on reload; leave them out with their files.
    const search = this.editorTexts.size ? this.searchWithout(this.editorTexts.keys()) : this.lexical;
    const skipped = [...this.skippedFiles].filter(([p]) => !this.editorTexts.has(p)).map(([p, info]) => ({ path: p, ...info }));
    return serializeIndex(this.root, files, search.toJSON(), skipped);
  }

  // ---- CodeIndex ----

  stats(): IndexStats {
    const languages: Partial<Record<LanguageId, number>> = {};
    let symbols = 0;
    let parseErrors = 0;
    for (const record of this.records.values()) {
      languages[record.language] = (languages[record.language] ?? 0) + 1;
      symbols += record.symbols.length;
      parseErrors += record.entry.parseErrors;
    }
    let edges = 0;
    for (const list of this.edgesByFile.values()) edges += list.length;
    return { files: this.records.size, symbols, edges, parseErrors, ms: this.buildMs, languages, skipped: this.skippedFiles.size };
  }

  files(): FileEntry[] {
    return [...this.records.values()].map((r) => r.entry);
  }

  /** Files left out, with the reason (too large, binary, minified, unreadable, failed). */
  skipped(): { path: string; reason: SkipReason }[] {
    return [...this.skippedFiles].map(([p, { reason }]) => ({ path: p, reason }));
  }

  symbols(): CodeSymbol[] {
    return [...this.byId.values()];
  }

  symbol(id: string): CodeSymbol | undefined {
    return this.byId.get(id);
  }

  symbolsInFile(file: string): CodeSymbol[] {
    const relative = this.relative(file);
    return relative ? [...(this.records.get(relative)?.symbols ?? [])] : [];
  }

  /** The file's unresolved references as extracted (calls, imports, base classes). */
  referencesInFile(file: string): Reference[] {
    const relative = this.relative(file);
    return relative ? [...(this.records.get(relative)?.references ?? [])] : [];
  }

  enclosingSymbol(file: string, line: number): CodeSymbol | undefined {
    const relative = this.relative(file);
    const record = relative ? this.records.get(relative) : undefined;
    if (!record) return undefined;
    let best: CodeSymbol | undefined;
    for (const symbol of record.symbols) {
      if (symbol.kind === 'module' || symbol.startLine > line || symbol.endLine < line) continue;
      if (!best || symbol.endLine - symbol.startLine <= best.endLine - best.startLine) best = symbol;
    }
    return best;
  }

  edgesFrom(id: string, kind?: EdgeKind): CodeEdge[] {
    const edges = [...(this.outgoing.get(id) ?? [])];
    return kind ? edges.filter((e) => e.kind === kind) : edges;
  }

  edgesTo(id: string, kind?: EdgeKind): CodeEdge[] {
    const edges = [...(this.incoming.get(id) ?? [])];
    return kind ? edges.filter((e) => e.kind === kind) : edges;
  }

  search(query: string, limit = 20): SearchHit[] {
    const hits: SearchHit[] = [];
    for (const hit of this.lexical.search(query, limit * 2)) {
      const symbol = this.byId.get(hit.id);
      if (symbol) hits.push({ symbol, score: hit.score });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  sourceOf(id: string): string | undefined {
    const symbol = this.byId.get(id);
    const record = symbol ? this.records.get(symbol.file) : undefined;
    if (!symbol || !record) return undefined;
    const text = this.textOf(record);
    return text?.slice(symbol.startByte, symbol.endByte);
  }

  /** Absolute path of an indexed (relative) path. */
  absolutePath(file: string): string {
    return path.join(this.root, file);
  }

  /** A path relative to the root with '/' separators, or undefined when outside the root. */
  relative(file: string): string | undefined {
    const relative = path.isAbsolute(file) ? path.relative(this.root, file) : path.normalize(file);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return relative.split(path.sep).join('/');
  }

  /** Whether a path would be indexed by its language and the exclude globs (not .gitignore). */
  isExcluded(relative: string): boolean {
    const excluded = (this.excludedCache ??= excludeMatcher(this.exclude));
    const parts = relative.split('/');
    for (let i = 1; i < parts.length; i++) if (excluded(parts.slice(0, i).join('/'), true)) return true;
    return excluded(relative, false);
  }

  private excludedCache?: (p: string, dir: boolean) => boolean;

  // ---- internals ----

  private restore(previous: unknown): void {
    const parsed = parseSerializedIndex(previous);
    if (!parsed.ok) {
      this.logger?.warn(`Index: saved index not used (${parsed.reason}); indexing from scratch`);
      return;
    }
    const data = parsed.index;
    if (path.resolve(data.root) !== this.root) {
      this.logger?.warn(`Index: saved index is for ${data.root}, not ${this.root}; indexing from scratch`);
      return;
    }
    try {
      this.lexical = SymbolSearch.fromJSON(data.search);
    } catch (error) {
      this.logger?.warn(`Index: saved search index unreadable (${error instanceof Error ? error.message : String(error)}); indexing from scratch`);
      this.lexical = SymbolSearch.empty();
      return;
    }
    for (const file of data.files) {
      this.resolver.add(file.path, file.language);
      this.storeRecord(fileRecord(file.path, file.language, file, file));
      this.queueLink(file.path, 'all');
    }
    for (const entry of data.skipped ?? []) this.skippedFiles.set(entry.path, { reason: entry.reason, size: entry.size, mtimeMs: entry.mtimeMs });
    this.logger?.info(`Index: restored ${data.files.length} files from the saved index`);
  }

  private async loadPathMappings(configFiles: string[]): Promise<void> {
    const mappings = [];
    for (const config of configFiles) {
      const mapping = await readPathMapping(this.root, config, this.logger);
      if (mapping) mappings.push(mapping);
    }
    this.resolver.setPathMappings(mappings);
  }

  private async sameContent(absolute: string, hash: string): Promise<boolean> {
    try {
      return hashText(await readFile(absolute, 'utf8')) === hash;
    } catch {
      return false;
    }
  }

  private async runSafely(task: Parameters<ParsePool['run']>[0]): Promise<AnalyzeOutcome | undefined> {
    try {
      return await this.pool.run(task);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger?.warn(`Index: ${task.op} ${task.path} failed: ${message}`);
      return { ok: false, path: task.path, reason: 'failed', message };
    }
  }

  /** A file this index covers (inside the root, a known language, not excluded), with a new request number. */
  private beginRequest(file: string): { relative: string; language: LanguageId; seq: number } | undefined {
    this.assertLive();
    const relative = this.relative(file);
    const language = relative ? languageOf(relative) : undefined;
    if (!relative || !language || this.isExcluded(relative)) return undefined;
    return { relative, language, seq: this.nextRequest(relative) };
  }

  private nextRequest(file: string): number {
    const seq = ++this.requestCounter;
    this.latestRequest.set(file, seq);
    return seq;
  }

  private isLatest(file: string, seq: number): boolean {
    return this.latestRequest.get(file) === seq && !this.disposed;
  }

  private applyOutcome(outcome: AnalyzeOutcome, disk: { size: number; mtimeMs: number }, deferLinks: boolean): void {
    if (!outcome.ok && outcome.reason === 'outOfSync') return;
    if (!outcome.ok) {
      if (outcome.reason !== 'unreadable') this.logger?.debug(`Index: skipped ${outcome.path} (${outcome.reason}${outcome.message ? `: ${outcome.message}` : ''})`);
      if (outcome.reason === 'failed') this.logger?.warn(`Index: could not index ${outcome.path}: ${outcome.message ?? 'unknown error'}`);
      this.skippedFiles.set(outcome.path, { reason: outcome.reason, ...disk });
      this.forget(outcome.path);
      if (!deferLinks) this.flushLinks('pending');
      return;
    }
    this.skippedFiles.delete(outcome.analysis.path);
    const started = performance.now();
    this.applyAnalysis(outcome.analysis, disk);
    this.applyMs += performance.now() - started;
    if (!deferLinks) this.flushLinks('pending');
  }

  /** Stores a restored record with its symbols. */
  private storeRecord(record: FileRecord): void {
    this.records.set(record.path, record);
    for (const symbol of record.symbols) this.byId.set(symbol.id, symbol);
    this.updateNames({ removed: [], added: record.symbols, changed: [], oldReferences: [], newReferences: [], defaultExportChanged: false, fileAdded: true });
  }

  private applyAnalysis(analysis: FileAnalysis, disk: { size: number; mtimeMs: number }): void {
    const previous = this.records.get(analysis.path);
    if (analysis.patch && previous) this.patchRecord(previous, analysis, analysis.patch.changes, disk);
    else this.replaceRecord(previous, analysis, disk);
  }

  /** A file read whole: its record, symbols and search entries are replaced. */
  private replaceRecord(previous: FileRecord | undefined, analysis: FileAnalysis, disk: { size: number; mtimeMs: number }): void {
    const extraction = analysis.extraction;
    if (!extraction) throw new Error(`Index: no extraction for ${analysis.path}`);
    const symbols = this.withModuleName(extraction.symbols, analysis.path, analysis.language);
    internStrings(analysis.path, symbols, extraction.references);
    const record = fileRecord(analysis.path, analysis.language, { ...extraction, symbols }, { hash: analysis.hash, ...disk });
    const before = new Map(previous?.symbols.map((s) => [s.id, s]));
    const after = new Set(symbols.map((s) => s.id));
    const change: FileChange = {
      removed: previous ? previous.symbols.filter((s) => !after.has(s.id)) : [],
      added: [],
      changed: [],
      oldReferences: previous?.references ?? [],
      newReferences: record.references,
      defaultExportChanged: previous?.defaultExport !== record.defaultExport,
      fileAdded: !previous,
    };
    for (const symbol of symbols) {
      const old = before.get(symbol.id);
      if (!old) change.added.push(symbol);
      else if (old.kind !== symbol.kind || old.parentId !== symbol.parentId) change.changed.push([old, symbol]);
    }
    if (previous) {
      for (const symbol of previous.symbols) this.byId.delete(symbol.id);
      this.lexical.remove(before.keys());
    }
    this.updateNames(change);
    this.records.set(record.path, record);
    for (const symbol of symbols) this.byId.set(symbol.id, symbol);
    if (extraction.searchDocs) this.lexical.put(extraction.searchDocs);
    this.noteChange(record.path, change);
    if (!previous && this.isPackageInit(record)) this.renameModulesUnder(record.path);
  }

  /**
   * An edit that re-read part of a file: the record is updated in place (symbols and references
   * outside the re-read range shift with the text), and only what changed is touched in the
   * maps, the search index and the graph.
   */
  private patchRecord(record: FileRecord, analysis: FileAnalysis, patch: ExtractionPatch, disk: { size: number; mtimeMs: number }): void {
    const removedSymbols: CodeSymbol[] = [];
    const removedReferences: Reference[] = [];
    const hadDefault = record.defaultExport;
    const extraction = applyPatch({ ...record, ...record.entry }, patch, removedSymbols, removedReferences);
    internStrings(record.path, patch.symbols, patch.references, this.byId);
    const fresh = new Set(patch.symbols.map((s) => s.id));
    const replaced = new Map(removedSymbols.map((s) => [s.id, s]));
    const change: FileChange = {
      removed: removedSymbols.filter((s) => !fresh.has(s.id)),
      added: [],
      changed: [],
      oldReferences: removedReferences,
      newReferences: patch.references,
      defaultExportChanged: hadDefault !== extraction.defaultExport,
      fileAdded: false,
    };
    for (const symbol of patch.symbols) {
      const old = replaced.get(symbol.id);
      if (!old) change.added.push(symbol);
      else if (old.kind !== symbol.kind || old.parentId !== symbol.parentId) change.changed.push([old, symbol]);
    }
    record.symbols = this.withModuleName(extraction.symbols, record.path, record.language);
    record.references = extraction.references;
    if (extraction.defaultExport !== undefined) record.defaultExport = extraction.defaultExport;
    else delete record.defaultExport;
    if (extraction.defaultExportAt !== undefined) record.defaultExportAt = extraction.defaultExportAt;
    else delete record.defaultExportAt;
    record.entry = { path: record.path, language: record.language, lines: extraction.lines, parseErrors: extraction.parseErrors };
    record.hash = analysis.hash;
    record.size = disk.size;
    record.mtimeMs = disk.mtimeMs;
    for (const symbol of change.removed) this.byId.delete(symbol.id);
    for (const symbol of patch.symbols) this.byId.set(symbol.id, symbol);
    this.byId.set(record.symbols[0]!.id, record.symbols[0]!);
    this.updateNames(change);
    this.lexical.remove(change.removed.map((s) => s.id));
    this.lexical.put(patch.searchDocs);
    this.noteChange(record.path, change);
  }

  /** Keeps the per-kind name index in step with a file's symbol changes. */
  private updateNames(change: FileChange): void {
    const remove = (symbol: CodeSymbol) => {
      if (symbol.kind === 'module') return;
      const ids = this.byName[symbol.kind].get(symbol.name);
      ids?.delete(symbol.id);
      if (ids && !ids.size) this.byName[symbol.kind].delete(symbol.name);
    };
    const add = (symbol: CodeSymbol) => {
      if (symbol.kind === 'module') return;
      let ids = this.byName[symbol.kind].get(symbol.name);
      if (!ids) this.byName[symbol.kind].set(symbol.name, (ids = new Set()));
      ids.add(symbol.id);
    };
    for (const symbol of change.removed) remove(symbol);
    for (const [old, now] of change.changed) {
      remove(old);
      add(now);
    }
    for (const symbol of change.added) add(symbol);
  }

  /**
   * After a file changed: queues it for relinking (dropping only the resolutions that can have
   * changed), and the other files whose edges can change with it.
   */
  private noteChange(file: string, change: FileChange): void {
    if (this.referencers) {
      this.indexReferences(file, change.oldReferences, -1);
      this.indexReferences(file, change.newReferences, 1);
    }
    if (change.fileAdded) this.linkCachesStale = true;
    const names = new Set<string>();
    for (const symbol of change.removed) if (symbol.kind !== 'module') names.add(symbol.name);
    for (const symbol of change.added) if (symbol.kind !== 'module') names.add(symbol.name);
    for (const [old, now] of change.changed) {
      names.add(old.name);
      names.add(now.name);
    }
    const links = linkDelta(change.oldReferences, change.newReferences);
    // Its own references: those using a changed name (all of them when what its scope binds by
    // wildcard or its classes' bases changed). References inside a re-read range are new objects
    // with no resolution yet, so a symbol that changed kind there needs nothing more.
    const own = change.fileAdded || links.wildcard || links.bases ? 'all' : new Set([...names, ...links.bindings]);
    this.queueLink(file, own);
    if (this.bulk || (!names.size && !links.bindings.size && !links.wildcard && !change.defaultExportChanged && !change.fileAdded)) return;
    this.queueDependents(file, {
      gone: [...change.removed, ...change.changed.map(([old]) => old)],
      names,
      deltas: nameDeltas(change),
      bindings: links.bindings,
      everyImporter: links.wildcard || change.defaultExportChanged,
      fileAddedOrRemoved: change.fileAdded,
    });
  }

  private queueLink(file: string, tokens: Set<string> | 'all'): void {
    const current = this.pendingLinks.get(file);
    if (current === 'all') return;
    if (tokens === 'all' || !current) {
      this.pendingLinks.set(file, tokens === 'all' ? 'all' : new Set(tokens));
      return;
    }
    for (const token of tokens) current.add(token);
  }

  /** Drops a file's record, symbols, search entries and edges; true if it was indexed. */
  private forget(file: string): boolean {
    const record = this.records.get(file);
    const language = record?.language ?? languageOf(file);
    if (language) this.resolver.remove(file, language);
    this.diskTexts.delete(file);
    if (!record) return false;
    this.records.delete(file);
    this.pendingLinks.delete(file);
    if (this.referencers) this.indexReferences(file, record.references, -1);
    this.linker.forgetFile(file);
    this.linkCachesStale = true;
    const change: FileChange = { removed: record.symbols, added: [], changed: [], oldReferences: record.references, newReferences: [], defaultExportChanged: true, fileAdded: false };
    this.updateNames(change);
    for (const symbol of record.symbols) this.byId.delete(symbol.id);
    this.lexical.remove(record.symbols.map((s) => s.id));
    if (!this.bulk) {
      const names = new Set(record.symbols.filter((s) => s.kind !== 'module').map((s) => s.name));
      this.queueDependents(file, { gone: record.symbols, names, deltas: nameDeltas(change), bindings: new Set(), everyImporter: true, fileAddedOrRemoved: true });
    }
    this.setEdges(file, []);
    if (this.isPackageInit(record)) this.renameModulesUnder(file);
    return true;
  }

  /**
   * Files whose edges may change because `file` changed, queued for a full relink: those with
   * edges to a symbol it lost; for a name of which there are few definitions (so that
   * resolution by name alone can change), every file using that name; files that reach this
   * one through imports or inheritance and use a changed name (or all of them, when what the
   * file exports wholesale changed); and for a file that appeared or vanished, the files
   * importing a module of that name.
   */
  private queueDependents(file: string, what: { gone: CodeSymbol[]; names: Set<string>; deltas: Map<string, number[]>; bindings: Set<string>; everyImporter: boolean; fileAddedOrRemoved: boolean }): void {
    // Files relinked for a name drop only the resolutions of their references that use one
    // of the changed names (and their scope and base classes, see Linker.invalidate).
    const tokens = new Set([...what.names, ...what.bindings]);
    const { referencers, importStems, aliases } = this.ensureReferencers();
    // (An edge to a lost symbol may have come through an alias or a default import.)
    for (const symbol of what.gone) for (const edge of this.incoming.get(symbol.id) ?? []) this.queueLink(this.fileOf(edge.from), 'all');
    for (const name of what.names) {
      if (!this.resolvableByNameChanged(name, what.deltas.get(name))) continue;
      for (const other of referencers.get(name)?.keys() ?? []) this.queueLink(other, tokens);
    }
    if (what.fileAddedOrRemoved) for (const other of importStems.get(moduleStem(file))?.keys() ?? []) this.queueLink(other, 'all');
    if (!tokens.size && !what.everyImporter) return;
    const reaching = this.filesReaching(file);
    if (what.everyImporter) {
      for (const other of reaching) this.queueLink(other, 'all');
      return;
    }
    // A name imported under another name (`from m import a as b`, `export { a as b } from`)
    // reaches the files beyond under that name too.
    const renamed = [...tokens];
    while (renamed.length) {
      for (const [other, names] of aliases.get(renamed.pop()!) ?? []) {
        if (!reaching.has(other)) continue;
        for (const alias of names.keys()) {
          if (tokens.has(alias)) continue;
          tokens.add(alias);
          renamed.push(alias);
        }
      }
    }
    const among = (users: Map<string, number> | undefined, each: (other: string) => void) => {
      if (!users) return;
      if (users.size < reaching.size) {
        for (const other of users.keys()) if (reaching.has(other)) each(other);
      } else for (const other of reaching) if (users.has(other)) each(other);
    };
    for (const token of tokens) among(referencers.get(token), (other) => this.queueLink(other, tokens));
    // A default import binds whatever the module exports as default, which may be a changed
    // name under another local name.
    among(referencers.get(DEFAULT_IMPORT), (other) => this.queueLink(other, 'all'));
  }

  /**
   * Whether resolving `name` by name alone (the workspace's only function, class or method of
   * that name, or one of a few) can give another answer after the count of each kind changed by
   * `delta` ([class, function, method]).
   */
  private resolvableByNameChanged(name: string, delta: number[] | undefined): boolean {
    if (!delta) return false;
    const kinds = ['class', 'function', 'method'] as const;
    for (let i = 0; i < kinds.length; i++) {
      if (!delta[i]) continue;
      const now = this.byName[kinds[i]!].get(name)?.size ?? 0;
      if (Math.min(now, now - delta[i]!) <= MAX_AMBIGUOUS + 1) return true;
    }
    return false;
  }

  /**
   * Files that reach `file` through import or inheritance edges (a few hops deep): the ones that
   * can see its names through their imports, re-exports and base classes. Cached until an
   * import or inheritance edge changes.
   */
  private filesReaching(file: string): Set<string> {
    const cached = this.reachingCache.get(file);
    if (cached && cached.version === this.graphVersion) return cached.files;
    const files = new Set<string>();
    let frontier = [file];
    const { importStems } = this.ensureReferencers();
    for (let depth = 0; depth < 6 && frontier.length; depth++) {
      const next: string[] = [];
      const visit = (other: string) => {
        if (other === file || files.has(other)) return;
        files.add(other);
        next.push(other);
      };
      for (const target of frontier) {
        for (const edge of this.incoming.get(target) ?? []) if (edge.kind === 'imports') visit(this.fileOf(edge.from));
        const record = this.records.get(target);
        if (!record) continue;
        for (const symbol of record.symbols) {
          if (symbol.kind !== 'class') continue;
          for (const edge of this.incoming.get(symbol.id) ?? []) if (edge.kind === 'inherits') visit(this.fileOf(edge.from));
        }
        // `import a.b` binds `a` too: a package's own names are reached without an edge to it.
        if (this.isPackageInit(record)) for (const other of importStems.get(moduleStem(target))?.keys() ?? []) visit(other);
      }
      frontier = next;
    }
    if (this.reachingCache.size > 64) this.reachingCache.clear();
    this.reachingCache.set(file, { version: this.graphVersion, files });
    return files;
  }

  /** The name and import-stem indexes of references, built on first use, then kept current. */
  private ensureReferencers(): {
    referencers: Map<string, Map<string, number>>;
    importStems: Map<string, Map<string, number>>;
    aliases: Map<string, Map<string, Map<string, number>>>;
  } {
    if (!this.referencers || !this.importStems || !this.aliases) {
      this.referencers = new Map();
      this.importStems = new Map();
      this.aliases = new Map();
      for (const record of this.records.values()) this.indexReferences(record.path, record.references, 1);
    }
    return { referencers: this.referencers, importStems: this.importStems, aliases: this.aliases };
  }

  /** Counts, per name a reference depends on and per import stem, the references of a file. */
  private indexReferences(file: string, references: Reference[], sign: 1 | -1): void {
    const { referencers, importStems, aliases } = this;
    if (!referencers || !importStems || !aliases) return;
    const update = (map: Map<string, Map<string, number>>, key: string) => {
      if (!key) return;
      let files = map.get(key);
      if (!files) map.set(key, (files = new Map()));
      const count = (files.get(file) ?? 0) + sign;
      if (count > 0) files.set(file, count);
      else files.delete(file);
      if (!files.size) map.delete(key);
    };
    for (const reference of references) {
      for (const token of referenceTokens(reference)) update(referencers, token);
      if (reference.kind !== 'import') continue;
      if (reference.importKind === 'default') update(referencers, DEFAULT_IMPORT);
      if (reference.source) for (const stem of sourceStems(reference.source)) update(importStems, stem);
      if (reference.alias && reference.name && reference.importKind === 'named') {
        let files = aliases.get(reference.name);
        if (!files) aliases.set(reference.name, (files = new Map()));
        let names = files.get(file);
        if (!names) files.set(file, (names = new Map()));
        const count = (names.get(reference.alias) ?? 0) + sign;
        if (count > 0) names.set(reference.alias, count);
        else names.delete(reference.alias);
        if (!names.size) files.delete(file);
        if (!files.size) aliases.delete(reference.name);
      }
    }
  }

  private flushLinks(scope: 'all' | 'pending'): void {
    const started = performance.now();
    if (this.linkCachesStale || scope === 'all') this.linker.clearCaches();
    this.linkCachesStale = false;
    if (scope === 'all') {
      this.pendingLinks.clear();
      this.edgesByFile.clear();
      this.outgoing.clear();
      this.incoming.clear();
      this.graphVersion++;
      for (const file of this.records.keys()) this.setEdges(file, this.linker.linkFile(file, false));
    } else {
      // Relinking a file can change which classes its classes inherit from; what depends on
      // those classes is queued in turn.
      for (let round = 0; this.pendingLinks.size; round++) {
        const batch = [...this.pendingLinks];
        this.pendingLinks.clear();
        for (const [file, tokens] of batch) this.linker.invalidate(file, round > 8 ? 'all' : tokens);
        for (const [file] of batch) {
          if (!this.records.has(file)) continue;
          const rebased = this.setEdges(file, this.linker.linkFile(file, true));
          if (rebased) this.queueClassUsers(rebased);
        }
        if (round > 16) {
          this.logger?.warn('Index: relinking did not settle; relinking everything');
          this.flushLinks('all');
          return;
        }
      }
    }
    this.linkMs += performance.now() - started;
  }

  /**
   * Classes whose base classes changed: every subclass's file (their inherited calls), and the
   * files that use one of those class names and reach its file (`Cls.method()`).
   */
  private queueClassUsers(classIds: Set<string>): void {
    const classes = new Set<string>();
    const todo = [...classIds];
    while (todo.length) {
      const id = todo.pop()!;
      if (classes.has(id)) continue;
      classes.add(id);
      for (const edge of this.incoming.get(id) ?? []) if (edge.kind === 'inherits') todo.push(edge.from);
    }
    this.linker.invalidateBases(classes);
    const { referencers } = this.ensureReferencers();
    for (const id of classes) {
      const file = this.fileOf(id);
      this.queueLink(file, 'all');
      const name = this.byId.get(id)?.name;
      const users = name ? referencers.get(name) : undefined;
      if (!name || !users) continue;
      const reaching = this.filesReaching(file);
      for (const other of users.keys()) if (reaching.has(other)) this.queueLink(other, new Set([name]));
    }
  }

  /**
   * Replaces a file's edges, touching the adjacency maps only for edges that differ. Returns the
   * classes whose inheritance edges changed, if any.
   */
  private setEdges(file: string, edges: CodeEdge[]): Set<string> | undefined {
    const old = this.edgesByFile.get(file) ?? [];
    if (!old.length) {
      for (const edge of edges) {
        pushTo(this.outgoing, edge.from, edge);
        pushTo(this.incoming, edge.to, edge);
        if (edge.kind === 'imports' || edge.kind === 'inherits') this.graphVersion++;
      }
      if (edges.length) this.edgesByFile.set(file, edges);
      return undefined;
    }
    let rebased: Set<string> | undefined;
    const touched = (edge: CodeEdge) => {
      if (edge.kind === 'imports' || edge.kind === 'inherits') this.graphVersion++;
      if (edge.kind === 'inherits') (rebased ??= new Set()).add(edge.from);
    };
    const same = (a: CodeEdge, b: CodeEdge) => a.kind === b.kind && a.from === b.from && a.to === b.to && a.confidence === b.confidence;
    // Edges come in reference order, so after a small edit most sit where they sat before; an
    // edge that only moved to another line keeps its object, with the new line.
    const kept = new Set<CodeEdge>();
    const next: CodeEdge[] = new Array(edges.length);
    const unplaced: number[] = [];
    for (let i = 0; i < edges.length; i++) {
      const before = old[i];
      const edge = edges[i]!;
      if (before && same(before, edge)) {
        if (before.line !== edge.line) before.line = edge.line;
        kept.add(before);
        next[i] = before;
      } else unplaced.push(i);
    }
    if (unplaced.length) {
      const key = (e: CodeEdge) => `${e.kind[1]}${e.from}\u0000${e.to}\u0000${e.confidence}`;
      const available = new Map<string, CodeEdge>();
      for (const edge of old) if (!kept.has(edge)) available.set(key(edge), edge);
      for (const i of unplaced) {
        const edge = edges[i]!;
        const match = available.get(key(edge));
        if (match) {
          available.delete(key(edge));
          if (match.line !== edge.line) match.line = edge.line;
          kept.add(match);
          next[i] = match;
        } else {
          pushTo(this.outgoing, edge.from, edge);
          pushTo(this.incoming, edge.to, edge);
          touched(edge);
          next[i] = edge;
        }
      }
    }
    if (kept.size !== old.length) {
      for (const edge of old) {
        if (kept.has(edge)) continue;
        removeFrom(this.outgoing, edge.from, edge);
        removeFrom(this.incoming, edge.to, edge);
        touched(edge);
      }
    }
    if (next.length) this.edgesByFile.set(file, next);
    else this.edgesByFile.delete(file);
    return rebased;
  }

  private *symbolsNamed(name: string, kinds: readonly Exclude<CodeSymbol['kind'], 'module'>[]): Iterable<CodeSymbol> {
    for (const kind of kinds) {
      for (const id of this.byName[kind].get(name) ?? []) {
        const symbol = this.byId.get(id);
        if (symbol) yield symbol;
      }
    }
  }

  private fileOf(id: string): string {
    const hash = id.indexOf('#');
    return hash === -1 ? id : id.slice(0, hash);
  }

  private withModuleName(symbols: CodeSymbol[], file: string, language: LanguageId): CodeSymbol[] {
    const name = this.resolver.canonicalModuleName(file, language);
    if (!name || symbols[0]?.kind !== 'module' || symbols[0].qualifiedName === name) return symbols;
    return [{ ...symbols[0], qualifiedName: name }, ...symbols.slice(1)];
  }

  private isPackageInit(record: FileRecord): boolean {
    const style = languageDescriptor(record.language).modules;
    return style.style === 'dotted' && path.posix.basename(record.path).startsWith(`${style.packageInit}.`);
  }

  /** A package appeared or vanished: module names below it change. */
  private renameModulesUnder(initFile: string): void {
    const dir = path.posix.dirname(initFile);
    for (const record of this.records.values()) {
      if (dir !== '.' && !record.path.startsWith(`${dir}/`)) continue;
      const renamed = this.withModuleName(record.symbols, record.path, record.language);
      if (renamed === record.symbols) continue;
      record.symbols = renamed;
      this.byId.set(renamed[0]!.id, renamed[0]!);
    }
  }

  private textOf(record: FileRecord): string | undefined {
    const editor = this.editorTexts.get(record.path);
    if (editor !== undefined) return editor;
    const cached = this.diskTexts.get(record.path);
    if (cached !== undefined) return cached;
    let text: string;
    try {
      text = readFileSync(path.join(this.root, record.path), 'utf8');
    } catch {
      return undefined;
    }
    // A file changed on disk since it was indexed would give wrong slices.
    if (hashText(text) !== record.hash) return undefined;
    this.diskTexts.set(record.path, text);
    if (this.diskTexts.size > 16) this.diskTexts.delete(this.diskTexts.keys().next().value as string);
    return text;
  }

  private searchWithout(files: Iterable<string>): SymbolSearch {
    const copy = SymbolSearch.fromJSON(this.lexical.toJSON());
    for (const file of files) copy.remove((this.records.get(file)?.symbols ?? []).map((s) => s.id));
    return copy;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('The workspace index is disposed');
  }
}

/**
 * Results arrive from a worker as fresh copies of every string: make each symbol and reference
 * of a file share one copy of the file path and of each symbol id (millions of references in a
 * large workspace).
 */
function internStrings(file: string, symbols: CodeSymbol[], references: Reference[], known?: ReadonlyMap<string, CodeSymbol>): void {
  const ids = new Map<string, string>();
  for (const symbol of symbols) {
    ids.set(symbol.id, symbol.id);
    symbol.file = file;
  }
  const canonical = (id: string) => ids.get(id) ?? known?.get(id)?.id ?? id;
  for (const symbol of symbols) if (symbol.parentId) symbol.parentId = canonical(symbol.parentId);
  for (const reference of references) reference.from = canonical(reference.from);
}

/** `pkg/cart.py` -> `cart`, `src/util/index.ts` -> `util`, `pkg/__init__.py` -> `pkg`. */
function moduleStem(file: string): string {
  const parts = file.split('/');
  let base = (parts.pop() ?? '').replace(/(\.d)?\.[^.]+$/, '');
  if ((base === 'index' || base === '__init__') && parts.length) base = parts.pop()!;
  return base;
}

/** `./util/cart.js` -> `cart`, `./util/` -> `util`, `..pkg.cart` -> `cart`. */
function sourceStem(source: string): string {
  if (source.includes('/')) {
    const parts = source.split('/').filter((p) => p && p !== '.' && p !== '..');
    const last = (parts.pop() ?? '').replace(/\.(m|c)?[jt]sx?$/, '');
    return last === 'index' && parts.length ? parts.pop()! : last;
  }
  return source.split('.').filter(Boolean).pop() ?? '';
}

function pushTo(map: Map<string, Set<CodeEdge>>, key: string, edge: CodeEdge): void {
  const set = map.get(key);
  if (set) set.add(edge);
  else map.set(key, new Set([edge]));
}

function removeFrom(map: Map<string, Set<CodeEdge>>, key: string, edge: CodeEdge): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(edge);
  if (!set.size) map.delete(key);
}

/** What changed in one file, as the index's maps and the linker need to know. */
interface FileChange {
  /** Symbols gone (by id). */
  removed: CodeSymbol[];
  /** Symbols new (by id). */
  added: CodeSymbol[];
  /** Same id, another kind or parent: [before, after]. */
  changed: [CodeSymbol, CodeSymbol][];
  /** The references replaced, and those replacing them. */
  oldReferences: Reference[];
  newReferences: Reference[];
  defaultExportChanged: boolean;
  fileAdded: boolean;
}

/** The referencers key of files with a default import (see queueDependents). */
const DEFAULT_IMPORT = '\u0000default';

/**
 * How the imports and base classes among replaced references changed: the local names bound
 * differently, whether a wildcard import (`from m import *`, `export * from`) came or went, and
 * whether a class's bases changed.
 */
function linkDelta(before: Reference[], after: Reference[]): { bindings: Set<string>; wildcard: boolean; bases: boolean } {
  const counts = new Map<string, { reference: Reference; count: number }>();
  const count = (reference: Reference, by: number) => {
    if (reference.kind === 'call') return;
    const key =
      reference.kind === 'import'
        ? `i${reference.importKind}|${reference.source}|${reference.name}|${reference.alias ?? ''}`
        : `h${reference.from}|${reference.receiver ?? ''}|${reference.name}`;
    const entry = counts.get(key);
    if (entry) entry.count += by;
    else counts.set(key, { reference, count: by });
  };
  for (const reference of before) count(reference, -1);
  for (const reference of after) count(reference, 1);
  const delta = { bindings: new Set<string>(), wildcard: false, bases: false };
  for (const { reference, count: net } of counts.values()) {
    if (!net) continue;
    if (reference.kind === 'inherit') delta.bases = true;
    else if (reference.importKind === 'wildcard') delta.wildcard = true;
    else for (const token of referenceTokens(reference)) delta.bindings.add(token);
  }
  return delta;
}

/** Per name, how many classes, functions and methods of that name a change added (negative: removed). */
function nameDeltas(change: FileChange): Map<string, number[]> {
  const deltas = new Map<string, number[]>();
  const bump = (symbol: CodeSymbol, by: number) => {
    if (symbol.kind === 'module') return;
    let delta = deltas.get(symbol.name);
    if (!delta) deltas.set(symbol.name, (delta = [0, 0, 0]));
    delta[symbol.kind === 'class' ? 0 : symbol.kind === 'function' ? 1 : 2]! += by;
  };
  for (const symbol of change.removed) bump(symbol, -1);
  for (const symbol of change.added) bump(symbol, 1);
  for (const [old, now] of change.changed) {
    bump(old, -1);
    bump(now, 1);
  }
  return deltas;
}

/** The module names an import source can stand for: `./util/cart.js` -> cart; `a.b.c` -> a, b, c. */
function sourceStems(source: string): string[] {
  if (source.includes('/')) return [sourceStem(source)];
  return source.split('.').filter(Boolean);
}
