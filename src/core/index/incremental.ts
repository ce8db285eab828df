// After an incremental re-parse, re-reads only the part of the file around the edit instead
// of running the query over the whole file: that keeps an edit in a 6,000-line file in the
// low milliseconds. The part is either the innermost symbol around the edit, or, for an edit
// at the top level, the stretch between top-level symbols it touched. Symbols and references
// elsewhere keep their data, shifted by the edit. Whenever the shortcut cannot be shown to
// give what a full read gives, it does a full read.
import type { Edit, Node, Point, Tree } from 'web-tree-sitter';
import {
  attachReferences,
  collect,
  countLines,
  docFor,
  extractFromTree,
  ownText,
  placeDefinitions,
  searchDocsOf,
  type Collected,
  type FileExtraction,
  type Placed,
  type QueryLike,
  type SearchDoc,
} from './fileSymbols';
import { languageDescriptor } from './languages';
import { countErrorNodes } from './parser';
import { positionAt } from './textChange';
import type { CodeSymbol, LanguageId, Reference } from './types';

export interface EditedFile {
  path: string;
  oldText: string;
  newText: string;
  /** The old tree, already `edit()`ed. */
  oldTree: Tree;
  newTree: Tree;
  edits: Edit[];
  previous: FileExtraction;
  language: LanguageId;
  query: QueryLike;
}

/**
 * What an edit changed, when only part of the file was re-read: enough for whoever holds the
 * previous extraction to rebuild the new one (`applyPatch`) without receiving it whole.
 */
export interface ExtractionPatch {
  /** The re-read range in the previous text. */
  oldStart: number;
  oldEnd: number;
  edit: Edit;
  /** The re-read symbols and the references inside the range, in new offsets. */
  symbols: CodeSymbol[];
  references: Reference[];
  /** Search fields of the symbols whose text changed (the re-read ones, maybe the module). */
  searchDocs: SearchDoc[];
  parseErrors: number;
  lines: number;
  /** Length of the new text. */
  length: number;
  /** Set when the default export changed (an empty object: there is none any more). */
  defaultExport?: { name?: string; at?: number };
}

export interface Reextraction {
  extraction: FileExtraction;
  /** Set when only part of the file was re-read. */
  patch?: ExtractionPatch;
}

export function reextractEdited(input: EditedFile): Reextraction {
  return tryPartial(input) ?? { extraction: extractFromTree(input.path, input.newText, input.newTree, input.language, input.query, { searchDocs: true }) };
}

/** The new extraction from the previous one and a patch (its searchDocs: the patch's only). */
export function applyPatch(previous: Omit<FileExtraction, 'searchDocs'>, patch: ExtractionPatch): FileExtraction {
  const { edit } = patch;
  const delta = edit.newEndIndex - edit.oldEndIndex;
  const lineDelta = edit.newEndPosition.row - edit.oldEndPosition.row;
  // Symbols are in document order (start, then outer first) and those of the re-read range form
  // one block, as do its references: put the new block where the old one began.
  const symbols: CodeSymbol[] = [];
  let inserted = false;
  for (const s of previous.symbols) {
    if (s.kind === 'module') {
      symbols.push({ ...s, endLine: Math.max(1, patch.lines), endByte: patch.length });
      continue;
    }
    if (!inserted && s.startByte >= patch.oldStart) {
      symbols.push(...patch.symbols);
      inserted = true;
    }
    if (s.startByte >= patch.oldStart && s.endByte <= patch.oldEnd) continue;
    symbols.push(shiftSymbol(s, edit, delta, lineDelta));
  }
  if (!inserted) symbols.push(...patch.symbols);
  const references: Reference[] = [];
  inserted = false;
  for (const r of previous.references) {
    if (!inserted && r.startByte >= patch.oldStart) {
      references.push(...patch.references);
      inserted = true;
    }
    if (r.startByte < patch.oldStart) references.push(r);
    else if (r.startByte >= patch.oldEnd) references.push(shiftReference(r, edit, delta, lineDelta));
  }
  if (!inserted) references.push(...patch.references);
  let defaultExport: { name?: string; at?: number } | undefined = previous.defaultExport !== undefined ? { name: previous.defaultExport, at: previous.defaultExportAt } : undefined;
  if (patch.defaultExport) defaultExport = patch.defaultExport.name !== undefined ? patch.defaultExport : undefined;
  else if (defaultExport?.at !== undefined && defaultExport.at >= edit.oldEndIndex) defaultExport = { ...defaultExport, at: defaultExport.at + delta };
  return {
    language: previous.language,
    symbols,
    references,
    parseErrors: patch.parseErrors,
    lines: patch.lines,
    ...(defaultExport?.name !== undefined ? { defaultExport: defaultExport.name, ...(defaultExport.at !== undefined ? { defaultExportAt: defaultExport.at } : {}) } : {}),
    searchDocs: patch.searchDocs,
  };
}

interface Region {
  /** New offsets. */
  start: number;
  end: number;
  startPosition: Point;
  endPosition: Point;
  /** The symbol around the region (kept as it is, only its end shifts). */
  parent: CodeSymbol;
  /** `symbol`: exactly one old symbol, re-read whole. `gap`: a stretch of the module's top level. */
  kind: 'symbol' | 'gap';
}

function tryPartial(input: EditedFile): Reextraction | undefined {
  const { previous, newTree, newText } = input;
  if (input.edits.length !== 1 || !previous.searchDocs) return undefined;
  const edit = input.edits[0]!;
  const delta = edit.newEndIndex - edit.oldEndIndex;
  const lineDelta = edit.newEndPosition.row - edit.oldEndPosition.row;

  // The range whose text or structure changed, in new offsets.
  let changedStart = edit.startIndex;
  let changedEnd = edit.newEndIndex;
  for (const range of input.oldTree.getChangedRanges(newTree)) {
    changedStart = Math.min(changedStart, range.startIndex);
    changedEnd = Math.max(changedEnd, range.endIndex);
  }

  const region = symbolRegion(input, edit, delta, changedStart, changedEnd) ?? gapRegion(input, edit, delta, changedStart, changedEnd);
  if (!region) return undefined;
  const { start, end, parent } = region;
  const oldStart = start <= edit.startIndex ? start : start - delta;
  const oldEnd = end - delta;

  // A point range, not an index range: web-tree-sitter 0.25 passes index ranges to the C
  // library without converting UTF-16 units to bytes, and converts points correctly.
  const found = collect(input.query.matches(newTree.rootNode, { startPosition: region.startPosition, endPosition: region.endPosition }));
  const descriptor = languageDescriptor(input.language);
  if (region.kind === 'gap' && !gapIsSelfContained(found, start, end, newTree, previous, new Set(descriptor.rangeWrappers))) return undefined;
  const shiftedParent: CodeSymbol = parent.kind === 'module' ? parent : { ...parent, endByte: parent.endByte + delta, endLine: parent.endLine + lineDelta };
  const placed = placeDefinitions(input.path, newText, descriptor, found.definitions, found.docs, shiftedParent, { start, end });
  if (region.kind === 'symbol') {
    // The re-read must give back one symbol covering the whole region (the edited one, maybe renamed).
    const top = placed.filter((p) => p.symbol.parentId === parent.id);
    if (top.length !== 1 || top[0]!.start !== start || top[0]!.end !== end) return undefined;
  }

  // Duplicate names are numbered (`f@2`) in file order: when a name inside the region also
  // occurs outside it, the numbers may shift, so read the whole file.
  const inOldRegion = (s: CodeSymbol) => s.kind !== 'module' && s.startByte >= oldStart && s.endByte <= oldEnd;
  const fresh = placed.map((p) => p.symbol);
  const outsideNames = new Set(previous.symbols.filter((s) => !inOldRegion(s)).map((s) => s.qualifiedName));
  if (fresh.some((s) => outsideNames.has(s.qualifiedName)) || previous.symbols.some((s) => inOldRegion(s) && outsideNames.has(s.qualifiedName))) return undefined;

  const patch: ExtractionPatch = {
    oldStart,
    oldEnd,
    edit,
    symbols: fresh,
    references: attachReferences(
      found.references.filter((r) => r.node.startIndex >= start && r.node.startIndex < end),
      placed,
      parent.id,
    ),
    searchDocs: searchDocsOf(newText, placed),
    parseErrors: countErrorNodes(newTree.rootNode),
    lines: countLines(newText),
    length: newText.length,
  };
  const defaultExportHere = found.defaultExport && found.defaultExport.startIndex >= start && found.defaultExport.startIndex < end ? found.defaultExport : undefined;
  const hadDefaultExportHere = previous.defaultExportAt !== undefined && previous.defaultExportAt >= oldStart && previous.defaultExportAt < oldEnd;
  if (defaultExportHere || hadDefaultExportHere) {
    patch.defaultExport = defaultExportHere ? { name: defaultExportHere.text, at: defaultExportHere.startIndex } : {};
  }
  const extraction = applyPatch(previous, patch);
  if (region.kind === 'gap') {
    // The module's own text (what lies between its top-level symbols) changed: new search fields.
    const module = extraction.symbols[0]!;
    const topLevel = extraction.symbols.filter((s) => s.parentId === module.id).map((s) => ({ start: s.startByte, end: s.endByte }));
    const moduleDoc = docFor(module, ownText(newText, 0, newText.length, topLevel));
    patch.searchDocs.push(moduleDoc);
    extraction.searchDocs = patch.searchDocs;
  }
  return { extraction, patch };
}

/** The innermost old symbol around the change whose node is still there, re-read whole. */
function symbolRegion(input: EditedFile, edit: Edit, delta: number, changedStart: number, changedEnd: number): Region | undefined {
  const { previous, newTree } = input;
  const newEndOf = (s: CodeSymbol) => (s.endByte >= edit.oldEndIndex ? s.endByte + delta : s.endByte);
  const candidates = previous.symbols
    .filter((s) => s.kind !== 'module' && s.startByte < changedStart && s.startByte <= edit.startIndex && s.endByte >= edit.oldEndIndex && newEndOf(s) >= changedEnd)
    .sort((a, b) => b.startByte - a.startByte || a.endByte - b.endByte);
  for (const symbol of candidates) {
    const node = nodeSpanning(newTree.rootNode, symbol.startByte, newEndOf(symbol));
    if (!node) continue;
    const parent = previous.symbols.find((s) => s.id === symbol.parentId);
    if (!parent) return undefined;
    return { start: symbol.startByte, end: newEndOf(symbol), startPosition: node.startPosition, endPosition: node.endPosition, parent, kind: 'symbol' };
  }
  return undefined;
}

/**
 * For a change at the top level: the smallest stretch around it that holds whole top-level
 * symbols only (with a JSDoc language, also the symbol whose doc comment is in the stretch).
 */
function gapRegion(input: EditedFile, edit: Edit, delta: number, changedStart: number, changedEnd: number): Region | undefined {
  const { previous, newText, newTree } = input;
  const module = previous.symbols[0];
  if (module?.kind !== 'module') return undefined;
  const jsdoc = languageDescriptor(input.language).docStyle === 'jsdoc';
  // Old top-level symbols in new offsets; one cut by the edit spans at least up to the edit.
  const children = previous.symbols
    .filter((s) => s.parentId === module.id)
    .map((s) => ({
      start: s.startByte < edit.startIndex ? s.startByte : s.startByte >= edit.oldEndIndex ? s.startByte + delta : edit.startIndex,
      end: s.endByte > edit.oldEndIndex ? s.endByte + delta : s.endByte <= edit.startIndex ? s.endByte : edit.newEndIndex,
    }));
  let start = changedStart;
  let end = changedEnd;
  const root = newTree.rootNode;
  for (let grown = true; grown; ) {
    grown = false;
    // Whole top-level statements (imports, assignments...), old and new, so their references
    // are re-read too. The old tree was edit()ed, so its offsets are new ones.
    for (const tree of [root, input.oldTree.rootNode]) {
      for (const at of [start, Math.max(start, end - 1)]) {
        const statement = topLevelAt(tree, at);
        if (statement && (statement.startIndex < start || statement.endIndex > end)) {
          start = Math.min(start, statement.startIndex);
          end = Math.max(end, statement.endIndex);
          grown = true;
        }
      }
    }
    for (const child of children) {
      const touches = child.start <= end && child.end >= start;
      if ((touches || (jsdoc && child.start > end && docCommentReaches(newTree, child.start, end))) && (child.start < start || child.end > end)) {
        start = Math.min(start, child.start);
        end = Math.max(end, child.end);
        grown = true;
      }
    }
  }
  if (start === 0 && end >= newText.length) return undefined; // the whole file: read it all
  return { start, end, startPosition: positionAt(newText, start), endPosition: positionAt(newText, end), parent: module, kind: 'gap' };
}

/** The child of the root that contains the offset, if any. */
function topLevelAt(root: Node, offset: number): Node | undefined {
  let node: Node | null = root.descendantForIndex(offset);
  if (!node || node.equals(root)) return undefined;
  while (node.parent && !node.parent.equals(root)) node = node.parent;
  return node;
}

/**
 * Whether the node right before the top-level statement at `offset` begins before `end`: then
 * what decides that statement's doc comment may have changed.
 */
function docCommentReaches(tree: Tree, offset: number, end: number): boolean {
  const statement = topLevelAt(tree.rootNode, offset);
  const previous = statement?.previousNamedSibling;
  return previous !== null && previous !== undefined && previous.startIndex <= end;
}

/**
 * A top-level stretch can be re-read alone when no definition found there reaches outside it,
 * and the module docstring is not in it.
 */
function gapIsSelfContained(found: Collected, start: number, end: number, newTree: Tree, previous: FileExtraction, wrappers: ReadonlySet<string>): boolean {
  for (const definition of found.definitions) {
    let outer = definition.node;
    while (outer.parent && wrappers.has(outer.parent.type)) outer = outer.parent;
    if (outer.startIndex < start || outer.endIndex > end) return false;
  }
  // (A query limited to a range still reports the module docstring pattern, rooted at the module.)
  if (found.moduleDoc && found.moduleDoc.startIndex < end && found.moduleDoc.endIndex > start) return false;
  if (previous.symbols[0]?.doc !== undefined) {
    const first = newTree.rootNode.firstNamedChild;
    if (first && first.startIndex < end && first.endIndex > start) return false;
  }
  return true;
}

/** The outermost node of the tree that starts and ends exactly at the offsets, if any. */
function nodeSpanning(root: Node, start: number, end: number): Node | undefined {
  let node: Node | null = root.descendantForIndex(start, Math.max(start, end - 1));
  let found: Node | undefined;
  while (node && node.startIndex === start && node.endIndex <= end) {
    if (node.endIndex === end) found = node;
    node = node.parent;
  }
  return found;
}

function shiftSymbol(symbol: CodeSymbol, edit: Edit, delta: number, lineDelta: number): CodeSymbol {
  if (symbol.startByte >= edit.oldEndIndex) {
    return { ...symbol, startByte: symbol.startByte + delta, endByte: symbol.endByte + delta, startLine: symbol.startLine + lineDelta, endLine: symbol.endLine + lineDelta };
  }
  if (symbol.endByte >= edit.oldEndIndex) return { ...symbol, endByte: symbol.endByte + delta, endLine: symbol.endLine + lineDelta };
  return symbol;
}

function shiftReference(reference: Reference, edit: Edit, delta: number, lineDelta: number): Reference {
  if (reference.startByte < edit.oldEndIndex) return reference;
  const onEditLine = reference.line - 1 === edit.oldEndPosition.row;
  return {
    ...reference,
    startByte: reference.startByte + delta,
    line: reference.line + lineDelta,
    column: onEditLine ? reference.column - edit.oldEndPosition.column + edit.newEndPosition.column : reference.column,
  };
}

export type { Placed };
