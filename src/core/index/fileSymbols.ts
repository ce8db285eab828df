// One file's symbols and references, read off a tree-sitter tree with the language's query.
// Everything language-specific comes from the query captures and the language descriptor.
import type { Node, QueryCapture, QueryOptions, Tree } from 'web-tree-sitter';
import { cleanDocString, cleanJsDoc } from './docText';
import { languageDescriptor, languageOf, stopWordsOf, type LanguageDescriptor } from './languages';
import { countErrorNodes, parseText, queryFor } from './parser';
import { searchTerms } from './tokenize';
import type { CodeSymbol, LanguageId, Reference } from './types';

/** BM25 fields of one symbol, as space-joined terms (tokenised where the file was parsed). */
export interface SearchDoc {
  id: string;
  name: string;
  doc: string;
  body: string;
}

export interface FileExtraction {
  language: LanguageId;
  symbols: CodeSymbol[];
  references: Reference[];
  parseErrors: number;
  lines: number;
  /** Name of the symbol a JS/TS module exports as `default`, when it has a name. */
  defaultExport?: string;
  /** Offset of that name in the text. */
  defaultExportAt?: number;
  searchDocs?: SearchDoc[];
}

export interface ExtractOptions {
  /** Also produce the BM25 fields of every symbol. */
  searchDocs?: boolean;
  /**
   * With `searchDocs`: the cache of own-text stretch terms (see ownTextDoc) to fill for the
   * symbols that have members, so that the first edit between members re-reads one stretch
   * rather than every stretch of the module.
   */
  pieceTerms?: Map<string, string[]>;
}

const MAX_SIGNATURE = 1000;
const MAX_BODY_TERMS = 20_000;
const plainReceiver = /^[\p{L}\p{N}_$.]+(\(\))?$/u;

/** Parses a text and extracts its symbols and references (the repair loop and tests use this). */
export async function extractFileSymbols(
  file: string,
  text: string,
  language?: LanguageId,
): Promise<{ language: LanguageId; symbols: CodeSymbol[]; references: Reference[]; parseErrors: number }> {
  const lang = language ?? languageOf(file);
  if (!lang) throw new Error(`No language for ${file}`);
  const tree = await parseText(lang, text);
  try {
    const { symbols, references, parseErrors } = extractFromTree(file, text, tree, lang, await queryFor(lang));
    return { language: lang, symbols, references, parseErrors };
  } finally {
    tree.delete();
  }
}

export interface Definition {
  node: Node;
  kind: 'class' | 'function' | 'method';
  name: string;
  body?: Node;
}

export interface Placed {
  symbol: CodeSymbol;
  start: number;
  end: number;
  children: Placed[];
}

type RawReference = { node: Node; ref: Omit<Reference, 'from' | 'line' | 'column' | 'startByte'> };

/** What one pass of the query found, before nesting and naming. */
export interface Collected {
  definitions: Definition[];
  docs: Map<number, Node>;
  references: RawReference[];
  moduleDoc?: Node;
  defaultExport?: Node;
}

export type QueryLike = { matches(node: Node, options?: QueryOptions): { captures: QueryCapture[] }[] };

/** Reads symbols and references off a parsed tree. `query` must be the language's query. */
export function extractFromTree(
  file: string,
  text: string,
  tree: Tree,
  language: LanguageId,
  query: QueryLike,
  options: ExtractOptions = {},
): FileExtraction {
  const descriptor = languageDescriptor(language);
  const found = collect(query.matches(tree.rootNode));
  const lines = countLines(text);
  const moduleSymbol: CodeSymbol = {
    id: file,
    file,
    language,
    name: moduleBaseName(file),
    qualifiedName: defaultModuleName(file, descriptor),
    kind: 'module',
    startLine: 1,
    endLine: Math.max(1, lines),
    startByte: 0,
    endByte: text.length,
    signature: '',
    ...(found.moduleDoc ? { doc: cleanDoc(found.moduleDoc.text) } : {}),
  };

  const placed = placeDefinitions(file, text, descriptor, found.definitions, found.docs, moduleSymbol);
  const result: FileExtraction = {
    language,
    symbols: [moduleSymbol, ...placed.map((p) => p.symbol)],
    references: attachReferences(found.references, placed, file),
    parseErrors: countErrorNodes(tree.rootNode),
    lines,
    ...(found.defaultExport ? { defaultExport: found.defaultExport.text, defaultExportAt: found.defaultExport.startIndex } : {}),
  };
  if (options.searchDocs) {
    const topLevel = placed.filter((p) => p.symbol.parentId === moduleSymbol.id);
    result.searchDocs = [ownTextDoc(moduleSymbol, text, 0, text.length, topLevel, options.pieceTerms), ...searchDocsOf(text, placed, options.pieceTerms)];
  }
  return result;
}

/** Sorts the query's matches into definitions, docs and references. */
export function collect(matches: { captures: QueryCapture[] }[]): Collected {
  const definitions = new Map<number, Definition>();
  const found: Collected = { definitions: [], docs: new Map(), references: [] };
  for (const match of matches) {
    const byName: Record<string, Node> = {};
    let role: string | undefined;
    for (const capture of match.captures) {
      byName[capture.name] = capture.node;
      if (capture.name.startsWith('definition.') || capture.name.startsWith('reference.')) role = capture.name;
    }
    if (role?.startsWith('definition.')) {
      const node = byName[role]!;
      const name = byName.name?.text;
      if (name && !definitions.has(node.id)) {
        definitions.set(node.id, { node, kind: role.slice('definition.'.length) as Definition['kind'], name, body: byName.body });
      }
    } else if (role === 'reference.call' || role === 'reference.inherit') {
      const name = byName.name?.text;
      if (name) {
        const receiver = byName.receiver ? receiverText(byName.receiver) : undefined;
        found.references.push({ node: byName[role]!, ref: { kind: role === 'reference.call' ? 'call' : 'inherit', name, ...(receiver ? { receiver } : {}) } });
      }
    } else if (role === 'reference.import') {
      const ref = importReference(byName);
      if (ref) found.references.push({ node: byName[role]!, ref });
    } else if (byName.doc && byName['doc.target']) {
      found.docs.set(byName['doc.target'].id, byName.doc);
    } else if (byName['doc.module']) {
      found.moduleDoc ??= byName['doc.module'];
    } else if (byName['export.default']) {
      found.defaultExport ??= byName['export.default'];
    }
  }
  found.definitions = [...definitions.values()];
  return found;
}

/**
 * Nests definitions by range and names them. `base` is the symbol they sit in: the module, or
 * for a re-read region, the symbol around it.
 */
export function placeDefinitions(
  file: string,
  text: string,
  descriptor: LanguageDescriptor,
  definitions: Definition[],
  docs: Map<number, Node>,
  base: CodeSymbol,
  range?: { start: number; end: number },
): Placed[] {
  const rangeWrappers = new Set(descriptor.rangeWrappers);
  const signatureWrappers = new Set(descriptor.signatureWrappers);
  const items = definitions.map((definition) => {
    let outer = definition.node;
    let signatureStart = definition.node.startIndex;
    for (let parent = outer.parent; parent && rangeWrappers.has(parent.type); parent = parent.parent) {
      outer = parent;
      if (signatureWrappers.has(parent.type)) signatureStart = parent.startIndex;
    }
    return { definition, outer, signatureStart, start: outer.startIndex, end: outer.endIndex };
  });
  if (range) {
    // A region query also reports the definitions around the region: keep those inside.
    for (let i = items.length - 1; i >= 0; i--) if (items[i]!.start < range.start || items[i]!.end > range.end) items.splice(i, 1);
  }
  items.sort((a, b) => a.start - b.start || b.end - a.end);

  const usedIds = new Map<string, number>();
  const stack: Placed[] = [];
  const placed: Placed[] = [];
  for (const item of items) {
    while (stack.length && stack[stack.length - 1]!.end <= item.start) stack.pop();
    const parent = stack[stack.length - 1];
    const parentSymbol = parent?.symbol ?? (base.kind === 'module' ? undefined : base);
    const { definition, outer } = item;
    let kind: CodeSymbol['kind'] = definition.kind;
    if (kind !== 'class') kind = parentSymbol?.kind === 'class' ? 'method' : 'function';
    const qualifiedName = parentSymbol ? `${parentSymbol.qualifiedName}.${definition.name}` : definition.name;
    let id = `${file}#${qualifiedName}`;
    const seen = usedIds.get(id) ?? 0;
    usedIds.set(id, seen + 1);
    if (seen) id = `${id}@${seen + 1}`;
    const bodyStart = definition.body?.startIndex ?? definition.node.endIndex;
    const docNode = docs.get(definition.node.id) ?? (descriptor.docStyle === 'jsdoc' ? jsDocBefore(outer) : undefined);
    const symbol: CodeSymbol = {
      id,
      file,
      language: base.language,
      name: definition.name,
      qualifiedName,
      kind,
      startLine: outer.startPosition.row + 1,
      endLine: endLineOf(outer),
      startByte: item.start,
      endByte: item.end,
      signature: signatureText(text.slice(item.signatureStart, Math.max(item.signatureStart, bodyStart))),
      ...(docNode ? { doc: cleanDoc(docNode.text) } : {}),
      parentId: parentSymbol?.id ?? base.id,
    };
    const entry: Placed = { symbol, start: item.start, end: item.end, children: [] };
    parent?.children.push(entry);
    placed.push(entry);
    stack.push(entry);
  }
  return placed;
}

/** Gives each reference its line and the innermost placed symbol around it (else `outerId`). */
export function attachReferences(rawRefs: RawReference[], placed: Placed[], outerId: string): Reference[] {
  const located = rawRefs.map(({ node, ref }) => ({ ref, offset: node.startIndex, position: node.startPosition }));
  located.sort((a, b) => a.offset - b.offset);
  const references: Reference[] = [];
  const seenImports = new Set<string>();
  const stack: Placed[] = [];
  let next = 0;
  for (const { ref, offset, position } of located) {
    while (stack.length && stack[stack.length - 1]!.end <= offset) stack.pop();
    while (next < placed.length && placed[next]!.start <= offset) {
      const candidate = placed[next++]!;
      while (stack.length && stack[stack.length - 1]!.end <= candidate.start) stack.pop();
      if (candidate.end > offset) stack.push(candidate);
    }
    const full: Reference = { ...ref, line: position.row + 1, column: position.column, startByte: offset, from: stack[stack.length - 1]?.symbol.id ?? outerId };
    // Several import patterns can report the same binding of one statement: keep it once.
    if (full.kind === 'import') {
      const key = `${offset}|${full.source}|${full.name}|${full.alias ?? ''}|${full.importKind}`;
      if (seenImports.has(key)) continue;
      seenImports.add(key);
    }
    references.push(full);
  }
  return references;
}

function importReference(byName: Record<string, Node>): RawReference['ref'] | undefined {
  const source = byName['import.source']?.text;
  const alias = byName['import.alias']?.text;
  if (byName['import.module']) {
    return { kind: 'import', name: '', source: byName['import.module'].text, importKind: 'module', ...(alias ? { alias } : {}) };
  }
  if (source === undefined) return undefined;
  if (byName['import.wildcard']) return { kind: 'import', name: '*', source, importKind: 'wildcard' };
  if (byName['import.default']) return { kind: 'import', name: 'default', source, importKind: 'default', alias: byName['import.default'].text };
  if (byName['import.namespace']) return { kind: 'import', name: '', source, importKind: 'namespace', alias: byName['import.namespace'].text };
  if (byName['import.name']) {
    const name = byName['import.name'].text;
    return { kind: 'import', name, source, importKind: 'named', ...(alias && alias !== name ? { alias } : {}) };
  }
  // `export * from "./x"` re-exports everything, like a Python wildcard import.
  const statement = byName['reference.import'];
  if (statement?.type === 'export_statement' && !statement.namedChildren.some((c) => c?.type === 'export_clause')) {
    return { kind: 'import', name: '*', source, importKind: 'wildcard' };
  }
  return { kind: 'import', name: '', source, importKind: 'module' };
}

function receiverText(node: Node): string {
  const text = node.text;
  return text.length <= 80 && plainReceiver.test(text) ? text : '<expr>';
}

/** The JSDoc comment right above a definition (or above its `export`/`const` wrapper). */
function jsDocBefore(outer: Node): Node | undefined {
  const previous = outer.previousNamedSibling;
  if (!previous || previous.type !== 'comment') return undefined;
  if (previous.endPosition.row < outer.startPosition.row - 1) return undefined;
  return previous.text.startsWith('/**') ? previous : undefined;
}

export function cleanDoc(text: string): string {
  return text.startsWith('/*') ? cleanJsDoc(text) : cleanDocString(text);
}

function signatureText(raw: string): string {
  const trimmed = raw.trim().replace(/\s*:$/, '');
  return trimmed.length > MAX_SIGNATURE ? `${trimmed.slice(0, MAX_SIGNATURE)}…` : trimmed;
}

/** A node that ends at column 0 ends on the line before (its trailing newline). */
function endLineOf(node: Node): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row : end.row + 1;
}

export function countLines(text: string): number {
  if (!text) return 0;
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return text.endsWith('\n') ? count - 1 : count;
}

function moduleBaseName(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const dot = base.indexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** `pkg/mod.py` -> `pkg.mod`, `pkg/__init__.py` -> `pkg`, `src/a/b.ts` -> `src.a.b`. */
export function defaultModuleName(file: string, descriptor: LanguageDescriptor): string {
  let stem = file;
  const ext = descriptor.extensions.concat(descriptor.modules.extensions).find((e) => file.endsWith(e));
  if (ext) stem = file.slice(0, -ext.length);
  if (descriptor.modules.style === 'dotted') {
    const init = descriptor.modules.packageInit;
    if (stem === init) return moduleBaseName(file);
    if (stem.endsWith(`/${init}`)) stem = stem.slice(0, -init.length - 1);
  }
  return stem.split('/').join('.');
}

/**
 * BM25 fields of placed symbols; each piece of text is indexed once, in its innermost symbol.
 * `pieceTerms`: see ownTextDoc, used for the symbols with members.
 */
export function searchDocsOf(text: string, placed: Placed[], pieceTerms?: Map<string, string[]>): SearchDoc[] {
  return placed.map((entry) =>
    entry.children.length && pieceTerms
      ? ownTextDoc(entry.symbol, text, entry.start, entry.end, entry.children, pieceTerms)
      : docFor(entry.symbol, ownText(text, entry.start, entry.end, entry.children)),
  );
}

// Bodies count each term once (BM25 with binary term frequency in that field) and hold
// compound identifiers only as their parts (`cart_total` -> cart, total): a body's repeats
// add little to its rank and would more than double the indexing work. Names and docs keep
// whole identifiers and counts.
const BODY_REPEATS = 1;

export function docFor(symbol: CodeSymbol, body: string): SearchDoc {
  return searchDoc(symbol, searchTerms(body, { limit: MAX_BODY_TERMS, stopWords: stopWordsOf(symbol.language), maxRepeats: BODY_REPEATS, partsOnly: true }));
}

/** A symbol's search fields with its body already tokenized. */
function searchDoc(symbol: CodeSymbol, bodyTerms: string[]): SearchDoc {
  return {
    id: symbol.id,
    name: searchTerms(symbol.qualifiedName).join(' '),
    doc: symbol.doc ? searchTerms(symbol.doc, { stopWords: stopWordsOf(symbol.language) }).join(' ') : '',
    body: bodyTerms.join(' '),
  };
}

/**
 * `docFor(symbol, ownText(text, start, end, children))`, reusing the terms of the stretches
 * between children that `cache` already holds (keyed by their text). The parent of an edit
 * between a large module's or class's members changes one stretch; re-tokenizing all of them
 * would cost more than the rest of the update.
 */
export function ownTextDoc(symbol: CodeSymbol, text: string, start: number, end: number, children: { start: number; end: number }[], cache?: Map<string, string[]>): SearchDoc {
  if (!cache || BODY_REPEATS !== 1) return docFor(symbol, ownText(text, start, end, children));
  const stopWords = stopWordsOf(symbol.language);
  // Stretches are joined by newlines, which no term spans, and each term counts once: the
  // body is the stretches' terms in order, each kept at its first occurrence.
  const seen = new Set<string>();
  const terms: string[] = [];
  const add = (piece: string) => {
    let pieceTerms = cache.get(piece);
    if (!pieceTerms) {
      pieceTerms = searchTerms(piece, { stopWords, maxRepeats: BODY_REPEATS, partsOnly: true });
      if (cache.size >= PIECE_CACHE_LIMIT) cache.clear();
      cache.set(detached(piece), pieceTerms);
    }
    for (const term of pieceTerms) {
      if (seen.has(term)) continue;
      seen.add(term);
      terms.push(term);
    }
  };
  let at = start;
  for (const child of children) {
    if (child.start > at) add(text.slice(at, child.start));
    at = Math.max(at, child.end);
  }
  if (end > at) add(text.slice(at, end));
  // Past the term limit, where the cut falls depends on word boundaries: tokenize directly.
  if (terms.length >= MAX_BODY_TERMS) return docFor(symbol, ownText(text, start, end, children));
  return searchDoc(symbol, terms);
}

const PIECE_CACHE_LIMIT = 8192;

/**
 * A copy of a slice that does not keep the whole text it was cut from alive (V8 slices point
 * into their parent string): what an open document keeps across edits (cached stretches,
 * re-read symbols) would otherwise hold a copy of the document per edit.
 */
export function detached(slice: string): string {
  return (` ${slice}`).slice(1);
}

/** The text of [start, end) without the children's ranges (sorted, non-overlapping). */
export function ownText(text: string, start: number, end: number, children: { start: number; end: number }[]): string {
  let out = '';
  let at = start;
  for (const child of children) {
    if (child.start > at) out += text.slice(at, child.start) + '\n';
    at = Math.max(at, child.end);
  }
  if (end > at) out += text.slice(at, end);
  return out;
}
