// After an incremental re-parse, re-reads only the part of the file around the edit instead
// of running the query over the whole file: that keeps an edit in a 20,000-line file in the
// low milliseconds. The part is the innermost symbol around the edit when it has no nested
// symbols, else the stretch of whole statements between its members that the edit touched
// (between a class's methods, between a module's top-level definitions). Symbols and
// references elsewhere keep their data, shifted by the edit. Whenever the shortcut cannot be
// shown to give what a full read gives, it tries the next larger part, and at last reads the
// whole file.
import type { Edit, Node, Point, Tree } from 'web-tree-sitter';
import {
  attachReferences,
  collect,
  countLines,
  extractFromTree,
  ownTextDoc,
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
  /** The extraction of the old text; when only part is re-read, it is updated in place. */
  previous: FileExtraction;
  language: LanguageId;
  query: QueryLike;
  /** `countLines(newText)`, when the caller keeps count. */
  lines?: number;
  /** Search terms of own-text stretches, kept between edits of one document (see ownTextDoc). */
  pieceTerms?: Map<string, string[]>;
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
  /**
   * Search fields of the symbols whose text changed (the re-read ones, and the symbol around
   * a re-read stretch). The analyzer of open documents leaves out those equal to what was
   * sent before.
   */
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
  /** With a patch: the previous symbols it replaced. */
  removed?: CodeSymbol[];
}

export function reextractEdited(input: EditedFile): Reextraction {
  return (
    tryPartial(input) ?? {
      extraction: extractFromTree(input.path, input.newText, input.newTree, input.language, input.query, { searchDocs: true, ...(input.pieceTerms ? { pieceTerms: input.pieceTerms } : {}) }),
    }
  );
}

/**
 * The new extraction from the previous one and a patch (its searchDocs: the patch's only);
 * the symbols and references it replaced go to `removed` and `removedReferences`.
 * Symbols and references outside the re-read range are kept and shifted IN PLACE, so the
 * previous extraction must not be used afterwards; whoever holds objects of it (an index's
 * maps) sees them move with the text.
 */
export function applyPatch(previous: Omit<FileExtraction, 'searchDocs'>, patch: ExtractionPatch, removed?: CodeSymbol[], removedReferences?: Reference[]): FileExtraction {
  const { edit } = patch;
  const delta = edit.newEndIndex - edit.oldEndIndex;
  const lineDelta = edit.newEndPosition.row - edit.oldEndPosition.row;
  // Symbols are in document order (start, then outer first) and those of the re-read range form
  // one block, as do its references: put the new block where the old one began.
  const symbols: CodeSymbol[] = [];
  let inserted = false;
  for (const s of previous.symbols) {
    if (s.kind === 'module') {
      s.endLine = Math.max(1, patch.lines);
      s.endByte = patch.length;
      symbols.push(s);
      continue;
    }
    if (!inserted && s.startByte >= patch.oldStart) {
      for (const fresh of patch.symbols) symbols.push(fresh);
      inserted = true;
    }
    if (s.startByte >= patch.oldStart && s.endByte <= patch.oldEnd) {
      removed?.push(s);
      continue;
    }
    shiftSymbol(s, edit, delta, lineDelta);
    symbols.push(s);
  }
  if (!inserted) for (const fresh of patch.symbols) symbols.push(fresh);
  const references: Reference[] = [];
  inserted = false;
  for (const r of previous.references) {
    if (!inserted && r.startByte >= patch.oldStart) {
      for (const fresh of patch.references) references.push(fresh);
      inserted = true;
    }
    if (r.startByte < patch.oldStart) references.push(r);
    else if (r.startByte >= patch.oldEnd) {
      shiftReference(r, edit, delta, lineDelta);
      references.push(r);
    } else removedReferences?.push(r);
  }
  if (!inserted) for (const fresh of patch.references) references.push(fresh);
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
  /**
   * `symbol`: exactly one old symbol, re-read whole. `gap`: whole statements of `parent`'s body
   * (the module's top level, or a class or function with nested symbols).
   */
  kind: 'symbol' | 'gap';
  /** For a stretch of a symbol's body: that body's span. */
  body?: { start: number; end: number };
}

interface EditContext {
  input: EditedFile;
  edit: Edit;
  delta: number;
  lineDelta: number;
  /** The range whose text or structure changed, in new offsets. */
  changedStart: number;
  changedEnd: number;
  /** Symbols with nested symbols. */
  parents: Set<string>;
}

function tryPartial(input: EditedFile): Reextraction | undefined {
  const { previous, newTree } = input;
  if (input.edits.length !== 1 || !previous.searchDocs) return undefined;
  const edit = input.edits[0]!;
  let changedStart = edit.startIndex;
  let changedEnd = edit.newEndIndex;
  for (const range of input.oldTree.getChangedRanges(newTree)) {
    changedStart = Math.min(changedStart, range.startIndex);
    changedEnd = Math.max(changedEnd, range.endIndex);
  }
  const parents = new Set<string>();
  for (const s of previous.symbols) if (s.parentId) parents.add(s.parentId);
  const context: EditContext = {
    input,
    edit,
    delta: edit.newEndIndex - edit.oldEndIndex,
    lineDelta: edit.newEndPosition.row - edit.oldEndPosition.row,
    changedStart,
    changedEnd,
    parents,
  };
  for (const region of regions(context)) {
    const read = readRegion(context, region);
    if (read) return read;
  }
  return undefined;
}

/** Re-reads one region; undefined when that cannot be shown to equal a full read. */
function readRegion(context: EditContext, region: Region): Reextraction | undefined {
  const { input, edit, delta, lineDelta } = context;
  const { previous, newTree, newText } = input;
  const { start, end, parent } = region;
  const oldStart = start <= edit.startIndex ? start : start - delta;
  const oldEnd = end - delta;

  // A point range, not an index range: web-tree-sitter 0.25 passes index ranges to the C
  // library without converting UTF-16 units to bytes, and converts points correctly.
  const found = collect(input.query.matches(newTree.rootNode, { startPosition: region.startPosition, endPosition: region.endPosition }));
  const descriptor = languageDescriptor(input.language);
  const wrappers = new Set(descriptor.rangeWrappers);
  const shiftedParent: CodeSymbol = parent.kind === 'module' ? parent : { ...parent, endByte: parent.endByte + delta, endLine: parent.endLine + lineDelta };
  if (!insideBodies(context, region, found, wrappers)) return undefined;
  if (region.kind === 'gap' && !gapIsSelfContained(found, region, shiftedParent, newTree, previous, wrappers)) return undefined;
  const placed = placeDefinitions(input.path, newText, descriptor, found.definitions, found.docs, shiftedParent, { start, end });
  if (region.kind === 'symbol') {
    // The re-read must give back one symbol covering the whole region (the edited one, maybe renamed).
    const top = placed.filter((p) => p.symbol.parentId === parent.id);
    if (top.length !== 1 || top[0]!.start !== start || top[0]!.end !== end) return undefined;
  }

  // Duplicate names are numbered (`f@2`) in file order: when a name inside the region also
  // occurs outside it, the numbers may shift, so read more.
  const inOldRegion = (s: CodeSymbol) => s.kind !== 'module' && s.startByte >= oldStart && s.endByte <= oldEnd;
  const fresh = placed.map((p) => p.symbol);
  const outsideNames = new Set<string>();
  for (const s of previous.symbols) if (!inOldRegion(s)) outsideNames.add(s.qualifiedName);
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
    searchDocs: searchDocsOf(newText, placed, input.pieceTerms),
    parseErrors: countErrorNodes(newTree.rootNode),
    lines: input.lines ?? countLines(newText),
    length: newText.length,
  };
  // The file's default export is its first `export default`: one found here wins unless the
  // current one lies before the region; losing the current one without a new one here would
  // leave a later one (if any) unknown, so read more.
  const defaultExportHere = found.defaultExport && found.defaultExport.startIndex >= start && found.defaultExport.startIndex < end ? found.defaultExport : undefined;
  const previousAt = previous.defaultExportAt;
  const hadDefaultExportHere = previousAt !== undefined && previousAt >= oldStart && previousAt < oldEnd;
  if (hadDefaultExportHere && !defaultExportHere) return undefined;
  if (defaultExportHere && (previousAt === undefined || previousAt >= oldStart)) {
    patch.defaultExport = { name: defaultExportHere.text, at: defaultExportHere.startIndex };
  }
  const removed: CodeSymbol[] = [];
  const extraction = applyPatch(previous, patch, removed);
  if (region.kind === 'gap') {
    // The parent's own text (what lies between its members) changed: new search fields.
    const around = parent.kind === 'module' ? extraction.symbols[0]! : extraction.symbols.find((s) => s.id === parent.id);
    if (!around) throw new Error(`Index: ${parent.id} vanished from its own patch`);
    const members: { start: number; end: number }[] = [];
    for (const s of extraction.symbols) if (s.parentId === around.id) members.push({ start: s.startByte, end: s.endByte });
    patch.searchDocs.push(ownTextDoc(around, newText, around.startByte, around.endByte, members, input.pieceTerms));
    extraction.searchDocs = patch.searchDocs;
  }
  return { extraction, patch, removed };
}

/**
 * Whether the region lies in the body of every symbol around it, as the query reports them,
 * and so in none of their signatures (after an error, a definition's header can stretch over
 * what follows it). For a stretch of a body, that body is the one its statements came from.
 */
function insideBodies(context: EditContext, region: Region, found: Collected, wrappers: ReadonlySet<string>): boolean {
  const { previous } = context.input;
  for (let around: CodeSymbol | undefined = region.parent; around && around.kind !== 'module'; ) {
    const start = around.startByte;
    const end = newEndOf(context, around);
    const body = found.definitions.find((definition) => {
      let outer = definition.node;
      while (outer.parent && wrappers.has(outer.parent.type)) outer = outer.parent;
      return outer.startIndex === start && outer.endIndex === end && definition.body !== undefined && definition.body.startIndex <= region.start && definition.body.endIndex >= region.end;
    })?.body;
    if (!body) return false;
    if (around === region.parent && region.body && (body.startIndex !== region.body.start || body.endIndex !== region.body.end)) return false;
    const parentId: string | undefined = around.parentId;
    around = previous.symbols.find((s) => s.id === parentId);
  }
  return true;
}

/**
 * Regions to try, smallest first: for each old symbol around the change (innermost first)
 * whose node is still there, the stretch of its body the change touched (when it has nested
 * symbols) and then the symbol whole; at last a stretch of the module's top level.
 */
function* regions(context: EditContext): Generator<Region> {
  const { input, edit, changedStart, changedEnd } = context;
  const { previous, newTree } = input;
  const candidates = previous.symbols
    .filter((s) => s.kind !== 'module' && s.startByte < changedStart && s.startByte <= edit.startIndex && s.endByte >= edit.oldEndIndex && newEndOf(context, s) >= changedEnd)
    .sort((a, b) => b.startByte - a.startByte || a.endByte - b.endByte);
  for (const symbol of candidates) {
    const node = nodeSpanning(newTree.rootNode, symbol.startByte, newEndOf(context, symbol));
    if (!node) continue;
    const parent = previous.symbols.find((s) => s.id === symbol.parentId);
    if (!parent) return;
    if (context.parents.has(symbol.id)) {
      const gap = gapRegion(context, symbol, node);
      if (gap) yield gap;
    }
    yield { start: symbol.startByte, end: newEndOf(context, symbol), startPosition: node.startPosition, endPosition: node.endPosition, parent, kind: 'symbol' };
  }
  const module = previous.symbols[0];
  if (module?.kind !== 'module') return;
  const gap = gapRegion(context, module, newTree.rootNode);
  if (gap) yield gap;
}

function newEndOf(context: EditContext, s: CodeSymbol): number {
  return s.endByte >= context.edit.oldEndIndex ? s.endByte + context.delta : s.endByte;
}

/**
 * The smallest stretch of whole statements of `container`'s body around the change that holds
 * its nested symbols whole (with a JSDoc language, also the member whose doc comment is in
 * the stretch). `node`: the container's node in the new tree (the root for the module).
 */
function gapRegion(context: EditContext, container: CodeSymbol, node: Node): Region | undefined {
  const { input, edit, delta, changedStart, changedEnd } = context;
  const { previous, newText, newTree, oldTree } = input;
  const isModule = container.kind === 'module';
  // The body in the new tree and in the old one (edit()ed, so in new offsets): same span.
  let bodies: [Node, Node];
  if (isModule) bodies = [newTree.rootNode, oldTree.rootNode];
  else {
    const newBody = bodyAround(node, changedStart, changedEnd);
    const oldNode = nodeSpanning(oldTree.rootNode, container.startByte, newEndOf(context, container));
    const oldBody = oldNode && bodyAround(oldNode, changedStart, changedEnd);
    if (!newBody || !oldBody || newBody.startIndex !== oldBody.startIndex || newBody.endIndex !== oldBody.endIndex) return undefined;
    bodies = [newBody, oldBody];
  }
  const jsdoc = languageDescriptor(input.language).docStyle === 'jsdoc';
  // Old members in new offsets; one cut by the edit spans at least up to the edit.
  const members: { start: number; end: number }[] = [];
  for (const s of previous.symbols) {
    if (s.parentId !== container.id) continue;
    members.push({
      start: s.startByte < edit.startIndex ? s.startByte : s.startByte >= edit.oldEndIndex ? s.startByte + delta : edit.startIndex,
      end: s.endByte > edit.oldEndIndex ? s.endByte + delta : s.endByte <= edit.startIndex ? s.endByte : edit.newEndIndex,
    });
  }
  let start = changedStart;
  let end = changedEnd;
  // A node that began inside the removed text now begins right where the edit ends, and the
  // old tree may look unchanged there: take the statement that begins at that point too.
  for (const body of bodies) {
    const next = childAt(body, edit.newEndIndex);
    if (next && next.startIndex === edit.newEndIndex) end = Math.max(end, next.endIndex);
  }
  for (let grown = true; grown; ) {
    grown = false;
    // Whole statements (imports, assignments...), old and new, so their references are
    // re-read too.
    for (const body of bodies) {
      for (const at of [start, Math.max(start, end - 1)]) {
        const statement = childAt(body, at);
        if (statement && (statement.startIndex < start || statement.endIndex > end)) {
          start = Math.min(start, statement.startIndex);
          end = Math.max(end, statement.endIndex);
          grown = true;
        }
      }
    }
    for (const member of members) {
      if (member.start > end) {
        // Members are in document order, and a doc comment that reaches the stretch belongs to
        // the statement right after it: once one member past the stretch has none, no later one
        // has (a module has hundreds of members; each look costs tree calls).
        if (!jsdoc || !docCommentReaches(bodies[0], member.start, end)) break;
      } else if (member.end < start || (member.start >= start && member.end <= end)) continue;
      start = Math.min(start, member.start);
      end = Math.max(end, member.end);
      grown = true;
    }
  }
  if (isModule) {
    if (start === 0 && end >= newText.length) return undefined; // the whole file: read it all
  } else {
    for (const body of bodies) {
      if (start < body.startIndex || end > body.endIndex) return undefined;
      // Not the braces around a body, nor its first statement if that may be its docstring.
      const first = body.firstChild;
      const last = body.lastChild;
      if (first && !first.isNamed && start < first.endIndex) return undefined;
      if (last && !last.isNamed && end > last.startIndex) return undefined;
      if (!jsdoc) {
        const firstStatement = firstNonComment(body);
        if (firstStatement && firstStatement.type === 'expression_statement' && start <= firstStatement.endIndex) return undefined;
      }
    }
  }
  return {
    start,
    end,
    startPosition: pointAt(newTree, newText, start),
    endPosition: pointAt(newTree, newText, end),
    parent: container,
    kind: 'gap',
    ...(isModule ? {} : { body: { start: bodies[0].startIndex, end: bodies[0].endIndex } }),
  };
}

/**
 * The body node (the `body` field of a definition: a block, class body or statement block) at
 * or below `node` that contains the range, going down through wrappers (decorators, `export`,
 * `const x = () => ...`).
 */
function bodyAround(node: Node, start: number, end: number): Node | undefined {
  let current: Node | null = node;
  for (let depth = 0; current && depth < 6; depth++) {
    const body = current.childForFieldName('body');
    if (body) return body.startIndex <= start && body.endIndex >= end ? body : undefined;
    let next: Node | null = null;
    for (const child of current.namedChildren) {
      if (child && child.startIndex <= start && child.endIndex >= end) {
        next = child;
        break;
      }
    }
    current = next;
  }
  return undefined;
}

function firstNonComment(body: Node): Node | undefined {
  for (const child of body.namedChildren) if (child && child.type !== 'comment') return child;
  return undefined;
}

/** The child of `parent` that contains the offset, if any. */
function childAt(parent: Node, offset: number): Node | undefined {
  if (offset < parent.startIndex || offset >= parent.endIndex) return undefined;
  let node: Node | null = parent.descendantForIndex(offset);
  if (!node || node.equals(parent)) return undefined;
  while (node.parent && !node.parent.equals(parent)) node = node.parent;
  return node.parent ? node : undefined;
}

/**
 * Whether the node right before the statement of `body` at `offset` begins before `end`: then
 * what decides that statement's doc comment may have changed.
 */
function docCommentReaches(body: Node, offset: number, end: number): boolean {
  const statement = childAt(body, offset);
  const previous = statement?.previousNamedSibling;
  return previous !== null && previous !== undefined && previous.startIndex <= end;
}

/**
 * A stretch can be re-read alone when every definition found that overlaps it lies inside it
 * (the container and the definitions around it aside), and the module docstring is not in it.
 */
function gapIsSelfContained(found: Collected, region: Region, container: CodeSymbol, newTree: Tree, previous: FileExtraction, wrappers: ReadonlySet<string>): boolean {
  const { start, end } = region;
  for (const definition of found.definitions) {
    let outer = definition.node;
    while (outer.parent && wrappers.has(outer.parent.type)) outer = outer.parent;
    if (outer.endIndex <= start || outer.startIndex >= end) continue;
    if (container.kind !== 'module' && outer.startIndex <= container.startByte && outer.endIndex >= container.endByte) continue;
    if (outer.startIndex < start || outer.endIndex > end) return false;
  }
  if (container.kind !== 'module') return true;
  // (A query limited to a range still reports the module docstring pattern, rooted at the module.)
  if (found.moduleDoc && found.moduleDoc.startIndex < end && found.moduleDoc.endIndex > start) return false;
  if (previous.symbols[0]?.doc !== undefined) {
    const first = newTree.rootNode.firstNamedChild;
    if (first && first.startIndex < end && first.endIndex > start) return false;
  }
  return true;
}

/** Row and column of an offset, from a node that starts or ends there when there is one. */
function pointAt(tree: Tree, text: string, offset: number): Point {
  const root = tree.rootNode;
  for (const at of [offset, offset - 1]) {
    if (at < 0) continue;
    const node = root.descendantForIndex(at);
    if (node?.startIndex === offset) return node.startPosition;
    if (node?.endIndex === offset) return node.endPosition;
  }
  return positionAt(text, offset);
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

function shiftSymbol(symbol: CodeSymbol, edit: Edit, delta: number, lineDelta: number): void {
  if (symbol.startByte >= edit.oldEndIndex) {
    symbol.startByte += delta;
    symbol.endByte += delta;
    symbol.startLine += lineDelta;
    symbol.endLine += lineDelta;
  } else if (symbol.endByte >= edit.oldEndIndex) {
    symbol.endByte += delta;
    symbol.endLine += lineDelta;
  }
}

function shiftReference(reference: Reference, edit: Edit, delta: number, lineDelta: number): void {
  if (reference.startByte < edit.oldEndIndex) return;
  if (reference.line - 1 === edit.oldEndPosition.row) reference.column += edit.newEndPosition.column - edit.oldEndPosition.column;
  reference.startByte += delta;
  reference.line += lineDelta;
}

export type { Placed };
