// Reads a file's functions, methods and classes with their bodies (tree-sitter, through the
// index's query and definition placement), and tells which bodies are stubs: `pass`, `...`,
// `raise NotImplementedError`, `throw new Error("not implemented")`-like, or nothing but a
// docstring/comments.
import type { Node } from 'web-tree-sitter';
import { collect, placeDefinitions, type Definition } from '../index/fileSymbols';
import { languageDescriptor, languageOf } from '../index/languages';
import { parseText, queryFor } from '../index/parser';
import type { CodeSymbol, LanguageId } from '../index/types';
import type { CodeUnit, StubKind } from './types';

const NOT_IMPLEMENTED_MESSAGE = /\b(not\s+(yet\s+)?implemented|unimplemented|todo|to\s*do|stub|implement\s+me)\b/i;
const NOT_IMPLEMENTED_TYPE = /^NotImplemented(Error|Exception)?$/;

/** Every function, method and class of the text, in source order. */
export async function readCodeUnits(file: string, text: string, language?: LanguageId): Promise<CodeUnit[]> {
  const lang = language ?? languageOf(file);
  if (!lang) return [];
  const tree = await parseText(lang, text);
  try {
    const query = await queryFor(lang);
    const found = collect(query.matches(tree.rootNode));
    const moduleSymbol: CodeSymbol = {
      id: file,
      file,
      language: lang,
      name: file,
      qualifiedName: file,
      kind: 'module',
      startLine: 1,
      endLine: text.split('\n').length,
      startByte: 0,
      endByte: text.length,
      signature: '',
    };
    const placed = placeDefinitions(file, text, languageDescriptor(lang), found.definitions, found.docs, moduleSymbol);
    const lines = text.split('\n');
    const units: CodeUnit[] = [];
    for (const entry of placed) {
      const symbol = entry.symbol;
      if (symbol.kind === 'module') continue;
      const definition = definitionOf(found.definitions, symbol, entry.start, entry.end);
      const body = definition?.body;
      const bodyStartLine = body ? body.startPosition.row + 1 : symbol.endLine;
      const bodyEndLine = body ? body.endPosition.row + 1 : symbol.endLine;
      const parent = placed.find((p) => p.symbol.id === symbol.parentId);
      units.push({
        file,
        language: lang,
        name: symbol.name,
        qualifiedName: symbol.qualifiedName,
        kind: symbol.kind as CodeUnit['kind'],
        startLine: symbol.startLine,
        endLine: symbol.endLine,
        bodyStartLine,
        bodyEndLine,
        signature: symbol.signature,
        ...(symbol.doc ? { doc: symbol.doc } : {}),
        ...(lang === 'python' && body ? docLinesOf(body) : {}),
        code: lines.slice(symbol.startLine - 1, symbol.endLine).join('\n'),
        ...(symbol.kind !== 'class' && body && definition ? stubField(lang, definition, body) : {}),
        ...(parent?.symbol.kind === 'class' ? { className: parent.symbol.qualifiedName } : {}),
        statementLines: body ? statementLines(body, lang, symbol.kind !== 'class') : [],
      });
    }
    return units;
  } finally {
    tree.delete();
  }
}

/**
 * The statement lines inside every function and method of a file (what per-test line coverage
 * can see: module and class bodies run at import, before any test).
 */
export async function functionStatementLines(file: string, text: string, language?: LanguageId): Promise<number[]> {
  const lang = language ?? languageOf(file);
  if (!lang) return [];
  const tree = await parseText(lang, text);
  try {
    return statementLines(tree.rootNode, lang, false);
  } finally {
    tree.delete();
  }
}

/** The functions and methods whose body is a stub. */
export async function findStubs(file: string, text: string, language?: LanguageId): Promise<CodeUnit[]> {
  return (await readCodeUnits(file, text, language)).filter((u) => u.stub !== undefined);
}

/** The innermost function or method (else class) containing the 1-based line. */
export function unitAt(units: CodeUnit[], line: number, kinds: CodeUnit['kind'][] = ['function', 'method', 'class']): CodeUnit | undefined {
  const around = units.filter((u) => kinds.includes(u.kind) && u.startLine <= line && line <= u.endLine);
  return around.sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
}

/** The unit a selection means: the innermost one containing it, else the first one inside it. */
export function unitForSelection(units: CodeUnit[], startLine: number, endLine: number, kinds: CodeUnit['kind'][] = ['function', 'method', 'class']): CodeUnit | undefined {
  const containing = units.filter((u) => kinds.includes(u.kind) && u.startLine <= startLine && endLine <= u.endLine);
  if (containing.length) return containing.sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
  return units.find((u) => kinds.includes(u.kind) && u.startLine >= startLine && u.startLine <= endLine);
}

/** A unit by qualified name (or plain name when that is unique); `line` picks between namesakes. */
export function unitNamed(units: CodeUnit[], name: string, line?: number): CodeUnit | undefined {
  let matches = units.filter((u) => u.qualifiedName === name);
  if (!matches.length) matches = units.filter((u) => u.name === name || u.qualifiedName.endsWith(`.${name}`));
  if (matches.length > 1 && line !== undefined) {
    const at = matches.find((u) => u.startLine <= line && line <= u.endLine) ?? matches.find((u) => u.startLine === line);
    if (at) return at;
  }
  return matches[0];
}

function definitionOf(definitions: Definition[], symbol: CodeSymbol, start: number, end: number): Definition | undefined {
  let best: Definition | undefined;
  for (const d of definitions) {
    if (d.name !== symbol.name || d.node.startIndex < start || d.node.endIndex > end) continue;
    if (!best || d.node.startIndex < best.node.startIndex) best = d;
  }
  return best;
}

function stubField(language: LanguageId, definition: Definition, body: Node): { stub?: StubKind } {
  const stub = language === 'python' ? pythonStub(body) : ecmaStub(definition, body);
  return stub ? { stub } : {};
}

function docLinesOf(body: Node): { docLines?: { start: number; end: number } } {
  const first = body.namedChildren.find((n) => n && n.type !== 'comment');
  return first && isDocString(first) ? { docLines: { start: first.startPosition.row + 1, end: first.endPosition.row + 1 } } : {};
}

function isDocString(node: Node): boolean {
  return node.type === 'expression_statement' && node.namedChildCount === 1 && node.namedChild(0)?.type === 'string';
}

function pythonStub(body: Node): StubKind | undefined {
  if (body.type !== 'block') return undefined;
  const statements = body.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  if (statements.length && isDocString(statements[0]!)) statements.shift();
  if (statements.length === 0) return 'empty';
  if (statements.length !== 1) return undefined;
  const only = statements[0]!;
  if (only.type === 'pass_statement') return 'pass';
  if (only.type === 'expression_statement' && only.namedChildCount === 1 && only.namedChild(0)?.type === 'ellipsis') return 'ellipsis';
  if (only.type === 'raise_statement') {
    const raised = only.namedChild(0);
    const callee = raised?.type === 'call' ? raised.childForFieldName('function') : raised;
    if (callee && NOT_IMPLEMENTED_TYPE.test(callee.text)) return 'not-implemented';
    if (raised?.type === 'call' && NOT_IMPLEMENTED_MESSAGE.test(raised.childForFieldName('arguments')?.text ?? '')) return 'not-implemented';
  }
  return undefined;
}

function ecmaStub(definition: Definition, body: Node): StubKind | undefined {
  if (body.type !== 'statement_block') return undefined;
  const statements = body.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  if (statements.length === 0) {
    // An empty constructor or a `void` function may be empty on purpose; elsewhere "empty" is unfinished.
    if (definition.name === 'constructor') return undefined;
    const node = definition.node;
    const returnType = node.childForFieldName('return_type') ?? node.namedChildren.find((c) => c?.type === 'arrow_function' || c?.type === 'function_expression')?.childForFieldName('return_type');
    if (returnType && /^:\s*(void|undefined|Promise<void>)\s*$/.test(returnType.text)) return undefined;
    return 'empty';
  }
  if (statements.length !== 1) return undefined;
  const only = statements[0]!;
  if (only.type !== 'throw_statement') return undefined;
  const thrown = only.namedChild(0);
  if (!thrown) return undefined;
  if (thrown.type === 'new_expression' || thrown.type === 'call_expression') {
    const ctor = thrown.childForFieldName('constructor') ?? thrown.childForFieldName('function');
    if (ctor && /NotImplemented/.test(ctor.text)) return 'not-implemented';
    const args = thrown.childForFieldName('arguments')?.text ?? '';
    if (NOT_IMPLEMENTED_MESSAGE.test(args)) return 'not-implemented';
  }
  if (thrown.type === 'string' || thrown.type === 'template_string') {
    if (NOT_IMPLEMENTED_MESSAGE.test(thrown.text)) return 'not-implemented';
  }
  return undefined;
}

const PY_STATEMENT = /_statement$/;
const ECMA_STATEMENT = /_statement$|^(lexical_declaration|variable_declaration)$/;
const PY_FUNCTION = /^(function_definition|lambda)$/;
const ECMA_FUNCTION = /^(function_declaration|function_expression|function|arrow_function|method_definition|generator_function|generator_function_declaration)$/;
const CLAUSES = /^(else_clause|elif_clause|except_clause|finally_clause)$/;

/**
 * Lines where a statement of the body starts, nested blocks included: the lines a line-coverage
 * tracer reports as executed when a test runs the code. Definition lines are left out (they run
 * at import, not in a test), and so are a class's own statements: only its methods' count.
 */
function statementLines(body: Node, language: LanguageId, inFunction = true): number[] {
  const statement = language === 'python' ? PY_STATEMENT : ECMA_STATEMENT;
  const fn = language === 'python' ? PY_FUNCTION : ECMA_FUNCTION;
  const lines = new Set<number>();
  const visit = (node: Node, active: boolean) => {
    const first = node.namedChild(0);
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment') continue;
      const docString = language === 'python' && isDocString(child) && child.id === first?.id;
      if (active && statement.test(child.type) && !CLAUSES.test(child.type) && !docString) lines.add(child.startPosition.row + 1);
      visit(child, active || fn.test(child.type));
    }
  };
  visit(body, inFunction);
  // A one-line body (`{ return x; }` on the definition line) still counts once.
  if (inFunction && lines.size === 0 && body.namedChildCount > 0) lines.add(body.startPosition.row + 1);
  return [...lines].sort((a, b) => a - b);
}
