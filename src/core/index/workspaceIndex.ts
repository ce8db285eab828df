// The workspace index: every source file's symbols and references (parsed in worker threads),
// the code graph built from them, and BM25 search over symbols. Files are added, changed and
// removed one at a time without a rebuild; an editor's open documents are re-parsed
// incrementally; the whole index serializes so a reopened workspace re-parses only what changed.
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../ports';
import type { AnalyzeOutcome, FileAnalysis } from './analyzer';
import { hashText } from './analyzer';
import { applyPatch } from './incremental';
import { defaultLimits, type FileLimits, type SkipReason } from './fileFilter';
import { languageDescriptor, languageOf } from './languages';
import { Linker, MAX_AMBIGUOUS, type LinkedFile } from './linker';
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
  private readonly pendingLinks = new Set<string>();
  /** Name -> files whose references use it; module stem -> files importing something by that stem. */
  // Built on first use (the first update after a build), then kept current.
  private referencers?: Map<string, Map<string, number>>;
  private importStems?: Map<string, Map<string, number>>;
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
    this.assertLive();
    const relative = this.relative(file);
    const language = relative ? languageOf(relative) : undefined;
    if (!relative || !language || this.isExcluded(relative)) return undefined;
    const seq = this.nextRequest(relative);
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
    this.assertLive();
    const relative = this.relative(file);
    const language = relative ? languageOf(relative) : undefined;
    if (!relative || !language || this.isExcluded(relative)) return undefined;
    const seq = this.nextRequest(relative);
    this.resolver.add(relative, language);
    const outcome = await this.runSafely({ op: 'openDocument', path: relative, language, text, limits: this.limits });
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
    this.assertLive();
    const relative = this.relative(file);
    const language = relative ? languageOf(relative) : undefined;
    if (!relative || !language || this.isExcluded(relative)) return undefined;
    const seq = this.nextRequest(relative);
    this.resolver.add(relative, language);
    this.editorTexts.set(relative, newText);
    const outcome = await this.runSafely({ op: 'editDocument', path: relative, language, changes, expectedHash: hashText(newText), limits: this.limits });
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
      this.addRecord({
        path: file.path,
        language: file.language,
        symbols: file.symbols,
        references: file.references,
        ...(file.defaultExport ? { defaultExport: file.defaultExport } : {}),
        ...(file.defaultExportAt !== undefined ? { defaultExportAt: file.defaultExportAt } : {}),
        entry: { path: file.path, language: file.language, lines: file.lines, parseErrors: file.parseErrors },
        hash: file.hash,
        size: file.size,
        mtimeMs: file.mtimeMs,
      });
      this.pendingLinks.add(file.path);
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

  private applyAnalysis(analysis: FileAnalysis, disk: { size: number; mtimeMs: number }): void {
    const previous = this.records.get(analysis.path);
    const extraction = analysis.patch && previous ? applyPatch({ ...previous, ...previous.entry }, analysis.patch.changes) : analysis.extraction;
    if (!extraction) throw new Error(`Index: no extraction for ${analysis.path}`);
    const partial = analysis.patch !== undefined;
    const symbols = this.withModuleName(extraction.symbols, analysis.path, analysis.language);
    internStrings(analysis.path, symbols, extraction.references);
    const record: FileRecord = {
      path: analysis.path,
      language: analysis.language,
      symbols,
      references: extraction.references,
      ...(extraction.defaultExport ? { defaultExport: extraction.defaultExport } : {}),
      ...(extraction.defaultExportAt !== undefined ? { defaultExportAt: extraction.defaultExportAt } : {}),
      entry: { path: analysis.path, language: analysis.language, lines: extraction.lines, parseErrors: extraction.parseErrors },
      hash: analysis.hash,
      size: disk.size,
      mtimeMs: disk.mtimeMs,
    };
    const newIds = new Set(symbols.map((s) => s.id));
    const oldIds = new Set(previous?.symbols.map((s) => s.id));
    const removed = previous ? previous.symbols.filter((s) => !newIds.has(s.id)) : [];
    const added = previous ? symbols.filter((s) => !oldIds.has(s.id)) : symbols;
    if (previous) {
      this.removeSymbols(removed);
      if (partial) this.lexical.remove(removed.map((s) => s.id));
      else this.lexical.remove(oldIds);
    }
    if (!previous || removed.length || added.length || linkSignature(previous.references, previous.defaultExport) !== linkSignature(record.references, record.defaultExport)) {
      this.linkCachesStale = true;
    }
    this.addRecord(record, added, previous);
    if (extraction.searchDocs) this.lexical.put(extraction.searchDocs);
    this.pendingLinks.add(record.path);
    if (removed.length || added.length) this.markDependents(record.path, removed, added, !previous);
    if (!previous && this.isPackageInit(record)) this.renameModulesUnder(record.path);
  }

  /** Stores a record; `added` are the symbols new to the name index (default: all of them). */
  private addRecord(record: FileRecord, added: CodeSymbol[] = record.symbols, replaced?: FileRecord): void {
    if (replaced) this.indexReferences(replaced, false);
    this.records.set(record.path, record);
    this.indexReferences(record, true);
    for (const symbol of record.symbols) this.byId.set(symbol.id, symbol);
    for (const symbol of added) {
      if (symbol.kind === 'module') continue;
      const byName = this.byName[symbol.kind];
      let ids = byName.get(symbol.name);
      if (!ids) byName.set(symbol.name, (ids = new Set()));
      ids.add(symbol.id);
    }
  }

  private removeSymbols(symbols: CodeSymbol[]): void {
    for (const symbol of symbols) {
      this.byId.delete(symbol.id);
      if (symbol.kind === 'module') continue;
      const byName = this.byName[symbol.kind];
      const ids = byName.get(symbol.name);
      ids?.delete(symbol.id);
      if (ids && !ids.size) byName.delete(symbol.name);
    }
  }

  /** Drops a file's record, symbols, search entries and edges; true if it was indexed. */
  private forget(file: string): boolean {
    const record = this.records.get(file);
    const language = record?.language ?? languageOf(file);
    if (language) this.resolver.remove(file, language);
    this.diskTexts.delete(file);
    if (!record) return false;
    this.records.delete(file);
    this.indexReferences(record, false);
    this.linker.forgetFile(file);
    this.linkCachesStale = true;
    this.removeSymbols(record.symbols);
    this.lexical.remove(record.symbols.map((s) => s.id));
    this.setEdges(file, []);
    this.markDependents(file, record.symbols, [], true);
    if (this.isPackageInit(record)) this.renameModulesUnder(file);
    return true;
  }

  /**
   * Files whose edges may change because `file` lost or gained symbols (or appeared/vanished):
   * those with edges to a lost symbol, those importing the file (directly or through
   * re-exports), and, for a name of which there are few symbols (so that resolution by name
   * alone can change), every file using that name.
   */
  private markDependents(file: string, removed: CodeSymbol[], added: CodeSymbol[], fileAddedOrRemoved: boolean): void {
    if (this.bulk) return;
    for (const symbol of removed) for (const edge of this.incoming.get(symbol.id) ?? []) this.pendingLinks.add(this.fileOf(edge.from));
    const importers = [file];
    const seen = new Set(importers);
    for (let depth = 0; depth < 5 && importers.length; depth++) {
      for (const target of importers.splice(0)) {
        for (const edge of this.incoming.get(target) ?? []) {
          const from = this.fileOf(edge.from);
          if (edge.kind !== 'imports' || seen.has(from)) continue;
          seen.add(from);
          importers.push(from);
          this.pendingLinks.add(from);
        }
      }
    }
    if (!this.referencers || !this.importStems) {
      this.referencers = new Map();
      this.importStems = new Map();
      for (const record of this.records.values()) this.indexReferences(record, true);
    }
    const delta = new Map<string, number>();
    for (const symbol of added) if (symbol.kind !== 'module') delta.set(symbol.name, (delta.get(symbol.name) ?? 0) + 1);
    for (const symbol of removed) if (symbol.kind !== 'module') delta.set(symbol.name, (delta.get(symbol.name) ?? 0) - 1);
    for (const [name, change] of delta) {
      const now = this.countNamed(name);
      if (Math.min(now, now - change) > MAX_AMBIGUOUS + 1) continue;
      for (const other of this.referencers.get(name)?.keys() ?? []) this.pendingLinks.add(other);
    }
    if (fileAddedOrRemoved) for (const other of this.importStems.get(moduleStem(file))?.keys() ?? []) this.pendingLinks.add(other);
  }

  private countNamed(name: string): number {
    return (this.byName.class.get(name)?.size ?? 0) + (this.byName.function.get(name)?.size ?? 0) + (this.byName.method.get(name)?.size ?? 0);
  }

  /** Counts, per name and per import stem, the references of each file (see markDependents). */
  private indexReferences(record: FileRecord, add: boolean): void {
    const { referencers, importStems } = this;
    if (!referencers || !importStems) return;
    const update = (map: Map<string, Map<string, number>>, key: string) => {
      if (!key) return;
      let files = map.get(key);
      if (!files) map.set(key, (files = new Map()));
      const count = (files.get(record.path) ?? 0) + (add ? 1 : -1);
      if (count > 0) files.set(record.path, count);
      else files.delete(record.path);
      if (!files.size) map.delete(key);
    };
    for (const reference of record.references) {
      update(referencers, reference.name);
      if (reference.kind === 'import' && reference.source) update(importStems, sourceStem(reference.source));
    }
  }

  private flushLinks(scope: 'all' | 'pending'): void {
    const started = performance.now();
    if (this.linkCachesStale || scope === 'all') this.linker.clearCaches();
    this.linkCachesStale = false;
    const files = scope === 'all' ? [...this.records.keys()] : [...this.pendingLinks];
    this.pendingLinks.clear();
    if (scope === 'all') {
      this.edgesByFile.clear();
      this.outgoing.clear();
      this.incoming.clear();
    }
    for (const file of files) {
      if (!this.records.has(file)) continue;
      this.setEdges(file, this.linker.linkFile(file, scope === 'pending'));
    }
    this.linkMs += performance.now() - started;
  }

  /** Replaces a file's edges, touching the adjacency maps only for edges that differ. */
  private setEdges(file: string, edges: CodeEdge[]): void {
    const old = this.edgesByFile.get(file) ?? [];
    if (!old.length) {
      for (const edge of edges) {
        pushTo(this.outgoing, edge.from, edge);
        pushTo(this.incoming, edge.to, edge);
      }
      if (edges.length) this.edgesByFile.set(file, edges);
      return;
    }
    const same = (a: CodeEdge, b: CodeEdge) => a.kind === b.kind && a.from === b.from && a.to === b.to && a.confidence === b.confidence && a.line === b.line;
    // Edges come in reference order, so after a small edit most sit where they sat before.
    const kept = new Set<CodeEdge>();
    const next: CodeEdge[] = new Array(edges.length);
    const unplaced: number[] = [];
    for (let i = 0; i < edges.length; i++) {
      const before = old[i];
      if (before && same(before, edges[i]!)) {
        kept.add(before);
        next[i] = before;
      } else unplaced.push(i);
    }
    if (unplaced.length) {
      const key = (e: CodeEdge) => `${e.kind[1]}${e.from}\u0000${e.to}\u0000${e.confidence}\u0000${e.line ?? ''}`;
      const available = new Map<string, CodeEdge>();
      for (const edge of old) if (!kept.has(edge)) available.set(key(edge), edge);
      for (const i of unplaced) {
        const edge = edges[i]!;
        const match = available.get(key(edge));
        if (match) {
          available.delete(key(edge));
          kept.add(match);
          next[i] = match;
        } else {
          pushTo(this.outgoing, edge.from, edge);
          pushTo(this.incoming, edge.to, edge);
          next[i] = edge;
        }
      }
    }
    if (kept.size !== old.length) {
      for (const edge of old) {
        if (kept.has(edge)) continue;
        removeFrom(this.outgoing, edge.from, edge);
        removeFrom(this.incoming, edge.to, edge);
      }
    }
    if (next.length) this.edgesByFile.set(file, next);
    else this.edgesByFile.delete(file);
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
function internStrings(file: string, symbols: CodeSymbol[], references: Reference[]): void {
  const ids = new Map<string, string>();
  for (const symbol of symbols) {
    ids.set(symbol.id, symbol.id);
    symbol.file = file;
  }
  for (const symbol of symbols) if (symbol.parentId) symbol.parentId = ids.get(symbol.parentId) ?? symbol.parentId;
  for (const reference of references) reference.from = ids.get(reference.from) ?? reference.from;
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

/** What of a file's references decides other files' resolution: imports, bases, default export. */
function linkSignature(references: Reference[], defaultExport: string | undefined): string {
  const parts: string[] = [defaultExport ?? ''];
  for (const r of references) {
    if (r.kind === 'import') parts.push(`i${r.importKind}|${r.source}|${r.name}|${r.alias ?? ''}`);
    else if (r.kind === 'inherit') parts.push(`h${r.from}|${r.receiver ?? ''}|${r.name}`);
  }
  return parts.join('\n');
}
