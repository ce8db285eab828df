// Reads generated test cases ("checks") out of a model's answer, as CodeT post-processes test
// samples: each assertion that names the target and parses is one check; a test function that
// does more than assert becomes one check as a whole. Python checks are `assert` statements
// (and `pytest.raises` blocks, run as try/except); JS/TS checks use node's `assert`, and
// vitest/jest `expect(...)` forms are translated to it so the worker needs no test framework.
import type { Node } from 'web-tree-sitter';
import type { LanguageId } from '../index/types';
import { cleanStatements, codePieces, indent, nodeSource, parseCode } from './answerCode';
import { mentions } from './testBlocks';
import type { GeneratedCheck } from './types';

type RawCheck = Omit<GeneratedCheck, 'id'>;

/** The checks in `answers` (several samples), de-duplicated, at most `limit`, ids c1..cN. */
export async function parseChecks(answers: string[], name: string, language: LanguageId, limit = Number.POSITIVE_INFINITY): Promise<GeneratedCheck[]> {
  const seen = new Set<string>();
  const out: GeneratedCheck[] = [];
  for (const answer of answers) {
    for (const piece of codePieces(answer, language)) {
      const found = language === 'python' ? await pythonChecks(piece.code, name) : await ecmaChecks(piece.code, name, language);
      for (const check of found) {
        const key = check.code.replace(/\s+/g, ' ').trim();
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ id: `c${out.length + 1}`, ...check });
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Python

async function pythonChecks(code: string, name: string): Promise<RawCheck[]> {
  const tree = await parseCode(code, 'python');
  try {
    const out: RawCheck[] = [];
    for (const statement of cleanStatements(tree.rootNode)) collectPython(statement, name, out);
    return out;
  } finally {
    tree.delete();
  }
}

function collectPython(node: Node, name: string, out: RawCheck[]): void {
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  if (!definition) return;
  if (definition.type === 'class_definition') {
    for (const child of definition.childForFieldName('body')?.namedChildren ?? []) if (child) collectPython(child, name, out);
    return;
  }
  if (definition.type === 'function_definition') {
    if (!/^test/.test(definition.childForFieldName('name')?.text ?? '') || !mentions(definition.text, name)) return;
    if (node.type === 'decorated_definition' || (definition.childForFieldName('parameters')?.namedChildCount ?? 0) > 0) return; // fixtures or parametrize: not self-contained
    const statements = (definition.childForFieldName('body')?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
    const simple = statements.every((s) => s.type === 'assert_statement' || raisesBlock(s) !== undefined || isDocString(s));
    if (simple) {
      for (const s of statements) collectPython(s, name, out);
    } else {
      const fn = definition.childForFieldName('name')!.text;
      const source = nodeSource(node);
      out.push({ code: `${source}\n\n${fn}()\n`, source });
    }
    return;
  }
  if (!mentions(node.text, name)) return;
  if (node.type === 'assert_statement') {
    const source = nodeSource(node);
    const condition = node.namedChild(0);
    const compared = condition?.type === 'comparison_operator' ? equality(condition, name) : undefined;
    out.push({ code: source, source, ...(compared ?? { call: firstCall(condition, name) }) });
    return;
  }
  const raises = raisesBlock(node);
  if (raises) {
    const source = nodeSource(node);
    const body = node.childForFieldName('body');
    const inner = body ? nodeSource(body) : 'pass';
    const type = raises || 'Exception';
    const code = [`try:`, indent(inner, '    '), `except ${type}:`, `    pass`, `else:`, `    raise AssertionError(${JSON.stringify(`expected ${type}`)})`].join('\n');
    const call = body?.namedChildCount === 1 && body.namedChild(0)?.type === 'expression_statement' ? body.namedChild(0)!.text : undefined;
    out.push({ code, source, raises: type, ...(call ? { call } : {}) });
  }
}

function isDocString(node: Node): boolean {
  return node.type === 'expression_statement' && node.namedChild(0)?.type === 'string';
}

/** `with pytest.raises(ValueError):` -> 'ValueError' ('' when no type is given); undefined otherwise. */
function raisesBlock(node: Node): string | undefined {
  if (node.type !== 'with_statement') return undefined;
  const items = node.namedChildren.find((c) => c?.type === 'with_clause')?.namedChildren ?? [];
  if (items.length !== 1) return undefined;
  const call = items[0]?.namedChild(0);
  if (call?.type !== 'call') return undefined;
  const fn = call.childForFieldName('function')?.text ?? '';
  if (!/^(pytest\.)?raises$/.test(fn)) return undefined;
  const first = call.childForFieldName('arguments')?.namedChildren.find((a) => a && a.type !== 'keyword_argument');
  return first?.text ?? '';
}

function equality(node: Node, name: string): Pick<RawCheck, 'call' | 'expected'> | undefined {
  const operators = node.children.filter((c) => c && !c.isNamed).map((c) => c!.text);
  if (operators.length !== 1 || operators[0] !== '==') return undefined;
  const [left, right] = [node.namedChild(0), node.namedChild(1)];
  if (!left || !right) return undefined;
  if (mentions(left.text, name) && !mentions(right.text, name)) return { call: left.text, expected: right.text };
  if (mentions(right.text, name) && !mentions(left.text, name)) return { call: right.text, expected: left.text };
  return undefined;
}

function firstCall(node: Node | null | undefined, name: string): string | undefined {
  if (!node) return undefined;
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.shift()!;
    if ((n.type === 'call' || n.type === 'call_expression') && new RegExp(`(^|\\.)${name.replace(/\$/g, '\\$')}$`).test(n.childForFieldName('function')?.text ?? '')) return n.text;
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript

async function ecmaChecks(code: string, name: string, language: LanguageId): Promise<RawCheck[]> {
  const tree = await parseCode(code, language);
  try {
    const out: RawCheck[] = [];
    for (const statement of cleanStatements(tree.rootNode)) collectEcma(statement, name, out);
    return out;
  } finally {
    tree.delete();
  }
}

const TEST_CALL = /^(it|test)(\.only)?$/;
const SUITE_CALL = /^(describe|suite)(\.only)?$/;

function collectEcma(node: Node, name: string, out: RawCheck[]): void {
  if (node.type === 'import_statement' || !mentions(node.text, name)) return;
  if (node.type !== 'expression_statement') return;
  const expr = node.namedChild(0);
  if (expr?.type !== 'call_expression') return;
  const callee = expr.childForFieldName('function')?.text ?? '';
  const args = expr.childForFieldName('arguments');
  if (SUITE_CALL.test(callee) || TEST_CALL.test(callee)) {
    const fn = args?.namedChildren.find((a) => a?.type === 'arrow_function' || a?.type === 'function_expression' || a?.type === 'function');
    const body = fn?.childForFieldName('body');
    if (!body || body.type !== 'statement_block') return;
    const statements = body.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    if (SUITE_CALL.test(callee) || statements.every((s) => assertionOf(s) !== undefined)) {
      for (const s of statements) collectEcma(s, name, out);
    } else if (TEST_CALL.test(callee) && !fn!.text.startsWith('async') && !/\bawait\b|\bdone\b/.test(fn!.text)) {
      const inner = statements.map((s) => nodeSource(s)).join('\n');
      const translated = translateBlock(statements);
      if (translated !== undefined) out.push({ code: `{\n${indent(translated, '  ')}\n}`, source: `{\n${indent(inner, '  ')}\n}` });
    }
    return;
  }
  const assertion = assertionOf(node);
  if (assertion) out.push(assertion);
}

interface Assertion extends RawCheck {}

/** An `assert.*(...)` or `expect(...).matcher(...)` statement as a check (code in assert form). */
function assertionOf(statement: Node): Assertion | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const call = statement.namedChild(0);
  if (call?.type !== 'call_expression') return undefined;
  const source = nodeSource(statement);
  const callee = call.childForFieldName('function');
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
  const calleeText = callee?.text ?? '';
  if (/^assert(\.(strict\.)?[a-zA-Z]+)?$/.test(calleeText)) {
    const method = calleeText.split('.').pop()!;
    if (/^(deepStrictEqual|strictEqual|equal|deepEqual)$/.test(method) && args.length >= 2) {
      return { code: ensureSemicolon(source), source, call: args[0]!.text, expected: args[1]!.text };
    }
    if (method === 'throws' && args[0]) {
      const thrown = args[0].type === 'arrow_function' ? args[0].childForFieldName('body')?.text : undefined;
      return { code: ensureSemicolon(source), source, raises: args[1]?.text ?? 'Error', ...(thrown ? { call: thrown } : {}) };
    }
    return { code: ensureSemicolon(source), source };
  }
  const translated = expectToAssert(call);
  if (translated) return { ...translated, source };
  return undefined;
}

function ensureSemicolon(code: string): string {
  return code.trimEnd().endsWith(';') ? code.trimEnd() : `${code.trimEnd()};`;
}

/** `expect(a).toBe(b)` → `assert.strictEqual(a, b);` and the other common matchers; undefined for the rest. */
function expectToAssert(call: Node): Omit<Assertion, 'source'> | undefined {
  const member = call.childForFieldName('function');
  if (member?.type !== 'member_expression') return undefined;
  const matcher = member.childForFieldName('property')?.text ?? '';
  let object = member.childForFieldName('object');
  let negated = false;
  if (object?.type === 'member_expression' && object.childForFieldName('property')?.text === 'not') {
    negated = true;
    object = object.childForFieldName('object');
  }
  if (object?.type !== 'call_expression' || object.childForFieldName('function')?.text !== 'expect') return undefined;
  const actual = object.childForFieldName('arguments')?.namedChild(0)?.text;
  if (!actual) return undefined;
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment').map((a) => a.text);
  const b = args[0];
  const eq = (fn: string) => ({ code: `assert.${fn}(${actual}, ${b});`, ...(negated ? {} : { call: actual, expected: b }) });
  switch (matcher) {
    case 'toBe':
      return b === undefined ? undefined : eq(negated ? 'notStrictEqual' : 'strictEqual');
    case 'toEqual':
    case 'toStrictEqual':
      return b === undefined ? undefined : eq(negated ? 'notDeepStrictEqual' : 'deepStrictEqual');
    case 'toBeCloseTo': {
      if (b === undefined || negated) return undefined;
      const digits = args[1] ?? '2';
      return { code: `assert.ok(Math.abs((${actual}) - (${b})) < 10 ** -(${digits}) / 2, 'expected ' + (${actual}) + ' to be close to ' + (${b}));`, call: actual, expected: b };
    }
    case 'toThrow':
    case 'toThrowError':
      return negated ? { code: `assert.doesNotThrow(${actual});` } : { code: `assert.throws(${actual}${b ? `, ${b}` : ''});`, raises: b ?? 'Error' };
    case 'toBeTruthy':
      return { code: `assert.ok(${negated ? '!' : ''}(${actual}));` };
    case 'toBeFalsy':
      return { code: `assert.ok(${negated ? '' : '!'}(${actual}));` };
    case 'toBeNull':
      return { code: `assert.${negated ? 'notStrictEqual' : 'strictEqual'}(${actual}, null);`, ...(negated ? {} : { call: actual, expected: 'null' }) };
    case 'toBeUndefined':
      return { code: `assert.${negated ? 'notStrictEqual' : 'strictEqual'}(${actual}, undefined);`, ...(negated ? {} : { call: actual, expected: 'undefined' }) };
    case 'toBeNaN':
      return { code: `assert.ok(${negated ? '!' : ''}Number.isNaN(${actual}));` };
    case 'toHaveLength':
      return b === undefined ? undefined : { code: `assert.${negated ? 'notStrictEqual' : 'strictEqual'}((${actual}).length, ${b});` };
    case 'toContain':
      return b === undefined ? undefined : { code: `assert.ok(${negated ? '!' : ''}(${actual}).includes(${b}));` };
    case 'toBeGreaterThan':
    case 'toBeGreaterThanOrEqual':
    case 'toBeLessThan':
    case 'toBeLessThanOrEqual': {
      if (b === undefined) return undefined;
      const op = { toBeGreaterThan: '>', toBeGreaterThanOrEqual: '>=', toBeLessThan: '<', toBeLessThanOrEqual: '<=' }[matcher];
      return { code: `assert.ok(${negated ? '!' : ''}((${actual}) ${op} (${b})));` };
    }
    default:
      return undefined;
  }
}

/** Statements of a test body in assert form; undefined when an `expect` cannot be translated. */
function translateBlock(statements: Node[]): string | undefined {
  const lines: string[] = [];
  for (const s of statements) {
    if (s.type === 'expression_statement' && s.namedChild(0)?.type === 'call_expression' && /^expect\b/.test(s.text)) {
      const t = expectToAssert(s.namedChild(0)!);
      if (!t) return undefined;
      lines.push(t.code);
    } else lines.push(nodeSource(s));
  }
  return lines.join('\n');
}
