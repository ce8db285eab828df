// After an incremental re-parse, re-reads only the innermost symbol around the edit instead of
// running the query over the whole file: that keeps an edit in a 6,000-line file in the
// low milliseconds. Symbols and references elsewhere keep their data, shifted by the edit.
// Whenever the shortcut cannot be shown to give what a full read gives, it does a full read.
import type { Edit, Node, Tree } from 'web-tree-sitter';
import { attachReferences, collect, countLines, extractFromTree, placeDefinitions, searchDocsOf, type FileExtraction, type QueryLike, type SearchDoc } from './fileSymbols';
import { languageDescriptor } from './languages';
import { countErrorNodes } from './parser';
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
 * What an edit changed, when only the symbol around it was re-read: enough for whoever holds
 * the previous extraction to rebuild the new one (`applyPatch`) without receiving it whole.
 */
export interface ExtractionPatch {
  /** Range of the re-read symbol in the previous text. */
  oldStart: number;
  oldEnd: number;
  edit: Edit;
  /** The re-read symbols and the references inside their range, in new offsets. */
  symbols: CodeSymbol[];
  references: Reference[];
  /** Search fields of the re-read symbols only. */
  searchDocs: SearchDoc[];
  parseErrors: number;
  lines: number;
  /** Length of the new text. */
  length: number;
}

export interface Reextraction {
  extraction: FileExtraction;
  /** Set when only the symbol around the edit was re-read. */
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
  const inRegion = (start: number, end: number) => start >= patch.oldStart && end <= patch.oldEnd;
  const kept = previous.symbols
    .filter((s) => s.kind === 'module' || !inRegion(s.startByte, s.endByte))
    .map((s) => (s.kind === 'module' ? { ...s, endLine: Math.max(1, patch.lines), endByte: patch.length } : shiftSymbol(s, edit, delta, lineDelta)));
  const symbols = [...kept, ...patch.symbols].sort((a, b) => (a.kind === 'module' ? -1 : b.kind === 'module' ? 1 : a.startByte - b.startByte || b.endByte - a.endByte));
  const references = previous.references
    .filter((r) => r.startByte < patch.oldStart || r.startByte >= patch.oldEnd)
    .map((r) => shiftReference(r, edit, delta, lineDelta))
    .concat(patch.references)
    .sort((a, b) => a.startByte - b.startByte);
  return {
    language: previous.language,
    symbols,
    references,
    parseErrors: patch.parseErrors,
    lines: patch.lines,
    ...(previous.defaultExport ? { defaultExport: previous.defaultExport } : {}),
    searchDocs: patch.searchDocs,
  };
}

function tryPartial(input: EditedFile): Reextraction | undefined {
  const { previous, newTree, newText } = input;
  if (input.edits.length !== 1 || !previous.searchDocs) return undefined;
  const edit = input.edits[0]!;
  const delta = edit.newEndIndex - edit.oldEndIndex;
  const lineDelta = edit.newEndPosition.row - edit.oldEndPosition.row;

  // The region whose text or structure changed, in new offsets.
  let changedStart = edit.startIndex;
  let changedEnd = edit.newEndIndex;
  for (const range of input.oldTree.getChangedRanges(newTree)) {
    changedStart = Math.min(changedStart, range.startIndex);
    changedEnd = Math.max(changedEnd, range.endIndex);
  }

  // Innermost old symbol strictly around the region whose node is still there, unchanged in extent.
  const newEndOf = (s: CodeSymbol) => (s.endByte >= edit.oldEndIndex ? s.endByte + delta : s.endByte);
  const candidates = previous.symbols
    .filter((s) => s.kind !== 'module' && s.startByte < changedStart && s.startByte <= edit.startIndex && s.endByte >= edit.oldEndIndex && newEndOf(s) >= changedEnd)
    .sort((a, b) => b.startByte - a.startByte || a.endByte - b.endByte);
  let aroundNode: Node | undefined;
  const around = candidates.find((s) => (aroundNode = nodeSpanning(newTree.rootNode, s.startByte, newEndOf(s))) !== undefined);
  if (!around || !aroundNode) return undefined;
  const start = around.startByte;
  const end = newEndOf(around);

  const descriptor = languageDescriptor(input.language);
  const byId = new Map(previous.symbols.map((s) => [s.id, s]));
  const parent = around.parentId ? byId.get(around.parentId) : undefined;
  if (!parent) return undefined;
  const shiftedParent: CodeSymbol = { ...parent, endByte: parent.endByte + delta, endLine: parent.endLine + lineDelta };
  // A point range, not an index range: web-tree-sitter 0.25 passes index ranges to the C
  // library without converting UTF-16 units to bytes, and converts points correctly.
  const found = collect(input.query.matches(newTree.rootNode, { startPosition: aroundNode.startPosition, endPosition: aroundNode.endPosition }));
  const placed = placeDefinitions(input.path, newText, descriptor, found.definitions, found.docs, shiftedParent, { start, end });
  // The re-read must give back one symbol covering the whole region (the edited one, maybe renamed).
  const top = placed.filter((p) => p.symbol.parentId === parent.id);
  if (top.length !== 1 || top[0]!.start !== start || top[0]!.end !== end) return undefined;

  const inRegion = (s: CodeSymbol) => s.startByte >= around.startByte && s.endByte <= around.endByte;
  const fresh = placed.map((p) => p.symbol);
  // Duplicate names are numbered (`f@2`) in file order: when a name inside the region also
  // occurs outside it, the numbers may shift, so read the whole file.
  const outsideNames = new Set(previous.symbols.filter((s) => !inRegion(s)).map((s) => s.qualifiedName));
  if (fresh.some((s) => outsideNames.has(s.qualifiedName)) || previous.symbols.some((s) => inRegion(s) && outsideNames.has(s.qualifiedName))) return undefined;

  const patch: ExtractionPatch = {
    oldStart: around.startByte,
    oldEnd: around.endByte,
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
  return { extraction: applyPatch(previous, patch), patch };
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
