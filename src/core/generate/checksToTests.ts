// Generated checks the winning implementation passes become regression tests in the project's
// own framework and style: pytest functions, or `it(...)` cases with vitest/jest `expect`, or
// `node:assert` for mocha and node --test.
import type { Node } from 'web-tree-sitter';
import type { LanguageId } from '../index/types';
import type { FrameworkId } from '../testing/types';
import { indent, parseCode } from './answerCode';
import type { ParsedTest } from './parseTests';
import type { CodeUnit, GeneratedCheck } from './types';

const EXPECT_FRAMEWORKS: FrameworkId[] = ['vitest', 'jest'];

/** `assert.deepStrictEqual(a, b)` → `expect(a).toEqual(b)` (and the other common forms); undefined when it has no expect form. */
async function assertToExpect(code: string, language: LanguageId): Promise<string | undefined> {
  const tree = await parseCode(code, language);
  try {
    const out: string[] = [];
    for (const statement of tree.rootNode.namedChildren) {
      if (!statement) continue;
      const call = statement.type === 'expression_statement' ? statement.namedChild(0) : undefined;
      const callee = call?.type === 'call_expression' ? call.childForFieldName('function')?.text : undefined;
      if (!call || !callee || !/^assert(\.|$)/.test(callee)) {
        if (/^\s*expect\(/.test(statement.text)) out.push(statement.text);
        else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') out.push(statement.text);
        else return undefined;
        continue;
      }
      const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment').map((a) => a.text);
      const method = callee.split('.').pop()!;
      const [a, b] = args;
      let converted: string | undefined;
      if (a !== undefined) {
        if ((method === 'deepStrictEqual' || method === 'deepEqual') && b !== undefined) converted = `expect(${a}).toEqual(${b});`;
        else if ((method === 'strictEqual' || method === 'equal') && b !== undefined) converted = `expect(${a}).toBe(${b});`;
        else if ((method === 'notStrictEqual' || method === 'notEqual') && b !== undefined) converted = `expect(${a}).not.toBe(${b});`;
        else if (method === 'notDeepStrictEqual' && b !== undefined) converted = `expect(${a}).not.toEqual(${b});`;
        else if (method === 'throws') converted = `expect(${a}).toThrow(${b ?? ''});`;
        else if (method === 'doesNotThrow') converted = `expect(${a}).not.toThrow();`;
        else if (method === 'ok' || method === 'assert') converted = `expect(${a}).toBeTruthy();`;
      }
      if (!converted) return undefined;
      out.push(converted);
    }
    return out.join('\n');
  } finally {
    tree.delete();
  }
}

function titleOf(check: GeneratedCheck, index: number): string {
  const text = check.raises && check.call ? `${check.call} throws ${check.raises}` : check.call && check.expected ? `${check.call} is ${check.expected}` : check.call ?? `generated check ${index + 1}`;
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
}

export interface ChecksAsTests {
  imports: string[];
  tests: ParsedTest[];
}

/** The checks as tests of `target` for `framework`. */
export async function checksAsTests(checks: GeneratedCheck[], target: CodeUnit, framework: FrameworkId): Promise<ChecksAsTests> {
  if (target.language === 'python') {
    const base = target.name.replace(/^_+/, '');
    const tests = checks.map((check, i): ParsedTest => {
      const body = check.source.startsWith('def ') ? check.source.replace(/^def\s+\w+/, `def test_${base}_generated_${i + 1}`) : `def test_${base}_generated_${i + 1}():\n${indent(check.source, '    ')}`;
      return { name: `test_${base}_generated_${i + 1}`, suites: [], code: body, property: false };
    });
    return { imports: checks.some((c) => /\bpytest\./.test(c.source)) ? ['import pytest'] : [], tests };
  }
  const useExpect = EXPECT_FRAMEWORKS.includes(framework);
  const testCall = framework === 'jest' || framework === 'node-test' ? 'test' : 'it';
  const suite = `${target.name} (generated)`;
  let needsAssert = false;
  const tests: ParsedTest[] = [];
  for (const [i, check] of checks.entries()) {
    let body = check.source.startsWith('{') ? check.source.replace(/^\{\n?|\n?\}$/g, '').replace(/^ {2}/gm, '') : check.source;
    if (useExpect) {
      const converted = await assertToExpect(body, target.language);
      if (converted) body = converted;
      else needsAssert = true;
    } else if (/^\s*expect\(/m.test(body)) {
      body = check.code.startsWith('{') ? check.code.replace(/^\{\n?|\n?\}$/g, '').replace(/^ {2}/gm, '') : check.code;
      needsAssert = true;
    } else needsAssert = true;
    const title = titleOf(check, i);
    tests.push({ name: title, suites: framework === 'node-test' ? [] : [suite], code: `${testCall}(${JSON.stringify(title)}, () => {\n${indent(body, '  ')}\n});`, property: false });
  }
  return { imports: needsAssert ? ["import assert from 'node:assert/strict';"] : [], tests };
}
