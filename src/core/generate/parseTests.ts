// Reads generated tests out of a model's answer for "Generate Tests": the imports they need,
// each test (a pytest function or class; a JS/TS `it`/`test` call with the `describe` titles
// around it) and the helper code next to them. Statements that do not parse are left out, so a
// cut-off answer still gives its complete tests.
import type { Node } from 'web-tree-sitter';
import type { LanguageId } from '../index/types';
import { cleanStatements, codePieces, nodeSource, parseCode } from './answerCode';

export interface ParsedTest {
  /** pytest: function or class name; JS: the test's title. */
  name: string;
  /** JS: titles of the `describe` blocks around it. */
  suites: string[];
  /** The test as written (for JS: the `it(...)` call only). */
  code: string;
  property: boolean;
}

export interface ParsedTests {
  imports: string[];
  /** Helper definitions, constants and hooks the tests may use, with the suites they sit in. */
  support: { suites: string[]; code: string }[];
  tests: ParsedTest[];
}

const PROPERTY_PY = /@(hypothesis\.)?given\b/;
const PROPERTY_JS = /\bfc\.(assert|property|asyncProperty)\b/;
const TEST_CALL = /^(it|test)$/;
const SUITE_CALL = /^(describe|suite)$/;

export async function parseTests(answer: string, language: LanguageId): Promise<ParsedTests> {
  const out: ParsedTests = { imports: [], support: [], tests: [] };
  for (const piece of codePieces(answer, language)) {
    const tree = await parseCode(piece.code, language);
    try {
      for (const statement of cleanStatements(tree.rootNode)) {
        if (language === 'python') readPython(statement, out);
        else readEcma(statement, [], out);
      }
    } finally {
      tree.delete();
    }
  }
  out.imports = [...new Set(out.imports)];
  return out;
}

function readPython(node: Node, out: ParsedTests): void {
  if (node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'future_import_statement') {
    out.imports.push(node.text);
    return;
  }
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  const name = definition?.childForFieldName('name')?.text ?? '';
  if ((definition?.type === 'function_definition' && /^test/.test(name)) || (definition?.type === 'class_definition' && /^Test/.test(name))) {
    out.tests.push({ name, suites: [], code: node.text, property: PROPERTY_PY.test(node.text) });
    return;
  }
  if (node.type === 'expression_statement' && node.namedChild(0)?.type === 'string') return; // a module docstring
  out.support.push({ suites: [], code: node.text });
}

function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.text.slice(1, -1);
  if (node.type === 'template_string' && !node.namedChildren.some((c) => c?.type === 'template_substitution')) return node.text.slice(1, -1);
  return undefined;
}

function readEcma(node: Node, suites: string[], out: ParsedTests): void {
  if (node.type === 'import_statement') {
    out.imports.push(node.text);
    return;
  }
  const call = node.type === 'expression_statement' ? node.namedChild(0) : undefined;
  if (call?.type === 'call_expression') {
    const callee = call.childForFieldName('function')?.text ?? '';
    const args = call.childForFieldName('arguments');
    const title = stringValue(args?.namedChild(0));
    if (title !== undefined && SUITE_CALL.test(callee)) {
      const fn = args?.namedChildren.find((a) => a?.type === 'arrow_function' || a?.type === 'function_expression' || a?.type === 'function');
      const body = fn?.childForFieldName('body');
      for (const child of body?.namedChildren ?? []) if (child && child.type !== 'comment' && !child.hasError) readEcma(child, [...suites, title], out);
      return;
    }
    if (title !== undefined && TEST_CALL.test(callee)) {
      out.tests.push({ name: title, suites, code: nodeSource(node), property: PROPERTY_JS.test(node.text) });
      return;
    }
  }
  out.support.push({ suites, code: nodeSource(node) });
}
