// Contract between the workspace index (producer) and the localizer, repair loop and generators.
// Paths are relative to the index root, with '/' separators. Lines are 1-based and inclusive.

export type LanguageId = 'python' | 'javascript' | 'typescript' | 'tsx';

export type SymbolKind = 'module' | 'class' | 'function' | 'method';

export interface CodeSymbol {
  /** `file` for a module, `file#qualifiedName` for anything inside it. */
  id: string;
  file: string;
  language: LanguageId;
  name: string;
  /** Dotted name within the module (`Cart.total`); for a module, its module name (`shop.cart`). */
  qualifiedName: string;
  kind: SymbolKind;
  startLine: number;
  endLine: number;
  startByte: number;
  endByte: number;
  /** The declaration line(s) up to the body: `def total(self, items: list[Item]) -> float`. */
  signature: string;
  doc?: string;
  /** Id of the enclosing symbol (a module for top-level symbols). */
  parentId?: string;
}

export type EdgeKind = 'contains' | 'imports' | 'calls' | 'inherits';

export interface CodeEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** 1 for certain edges (contains, resolved imports); lower for calls resolved by name only. */
  confidence: number;
  /** Line of the reference in the `from` file. */
  line?: number;
}

export interface FileEntry {
  path: string;
  language: LanguageId;
  lines: number;
  parseErrors: number;
}

export interface IndexStats {
  files: number;
  symbols: number;
  edges: number;
  parseErrors: number;
  ms: number;
  languages: Partial<Record<LanguageId, number>>;
  /** Source files left out (too large, binary, minified, unreadable). */
  skipped?: number;
}

export interface SearchHit {
  symbol: CodeSymbol;
  score: number;
}

/** Read side of the index, as the localizer and the repair loop use it. */
export interface CodeIndex {
  readonly root: string;
  stats(): IndexStats;
  files(): FileEntry[];
  symbols(): CodeSymbol[];
  symbol(id: string): CodeSymbol | undefined;
  symbolsInFile(file: string): CodeSymbol[];
  /** Innermost function, method or class containing the line. */
  enclosingSymbol(file: string, line: number): CodeSymbol | undefined;
  edgesFrom(id: string, kind?: EdgeKind): CodeEdge[];
  edgesTo(id: string, kind?: EdgeKind): CodeEdge[];
  /** BM25 over names, split identifiers, docstrings and bodies. */
  search(query: string, limit?: number): SearchHit[];
  /** Source text of a symbol as indexed. */
  sourceOf(id: string): string | undefined;
}

/** A use of a name found in a file, before resolution against the workspace. */
export interface Reference {
  kind: 'call' | 'import' | 'inherit';
  /** call/inherit: the called or base-class name; import: the imported name ('' for a whole module). */
  name: string;
  line: number;
  /** 0-based column (UTF-16 code units, like VS Code). */
  column: number;
  /** Offset of the reference in the file's text (UTF-16 code units, like CodeSymbol.startByte). */
  startByte: number;
  /** Id of the innermost symbol containing the reference (the module id at top level). */
  from: string;
  /** call/inherit: the object before the dot (`self`, `this`, `mod`, `super()`); `<expr>` when it is not a plain name. */
  receiver?: string;
  /** import: the module as written (`./util`, `..pkg.mod`, `os.path`). */
  source?: string;
  /** import: the local name it is bound to when it differs from `name`. */
  alias?: string;
  /** import: what is bound. `module` binds nothing in JS (`import './x'`) and the top package in Python (`import a.b`). */
  importKind?: 'module' | 'named' | 'default' | 'namespace' | 'wildcard';
}
