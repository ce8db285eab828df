// The tests written in a test file, read with tree-sitter: pytest functions and methods
// (`test_*`, in `Test*` classes) and JS/TS `it(...)`/`test(...)` calls with their `describe`
// titles. Each gets the id the test runners report, so a run's results can be matched to them.
import type { Node } from 'web-tree-sitter';
import { languageOf } from '../index/languages';
import { parseText } from '../index/parser';
import type { LanguageId } from '../index/types';
import { jsTestId } from '../testing/testIds';

export interface TestBlock {
  /** The id runners report: `tests/test_x.py::TestA::test_b` or `test/x.test.ts::suite > title`. */
  id: string;
  /** Test function name or test title. */
  name: string;
  startLine: number;
  endLine: number;
  code: string;
}

const JS_TEST_CALLEES = /^(it|test)(\.(only|concurrent|skip|todo|fails))*$/;
const JS_SUITE_CALLEES = /^(describe|suite)(\.(only|concurrent|skip|sequential))*$/;

/** Every test written in the file (empty for files the index cannot parse). */
export async function readTestBlocks(file: string, text: string, language?: LanguageId): Promise<TestBlock[]> {
  const lang = language ?? languageOf(file);
  if (!lang) return [];
  const tree = await parseText(lang, text);
  try {
    return lang === 'python' ? pythonTests(file, tree.rootNode) : ecmaTests(file, tree.rootNode);
  } finally {
    tree.delete();
  }
}

function pythonTests(file: string, root: Node): TestBlock[] {
  const out: TestBlock[] = [];
  const visit = (node: Node, classes: string[]) => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      const definition = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      if (!definition) continue;
      if (definition.type === 'class_definition') {
        const name = definition.childForFieldName('name')?.text ?? '';
        const body = definition.childForFieldName('body');
        if (/^Test/.test(name) && body) visit(body, [...classes, name]);
      } else if (definition.type === 'function_definition') {
        const name = definition.childForFieldName('name')?.text ?? '';
        if (!/^test/.test(name)) continue;
        out.push({
          id: [file, ...classes, name].join('::'),
          name,
          startLine: child.startPosition.row + 1,
          endLine: child.endPosition.row + 1,
          code: child.text,
        });
      }
    }
  };
  visit(root, []);
  return out;
}

function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.text.slice(1, -1);
  if (node.type === 'template_string' && !node.namedChildren.some((c) => c?.type === 'template_substitution')) return node.text.slice(1, -1);
  return undefined;
}

function ecmaTests(file: string, root: Node): TestBlock[] {
  const out: TestBlock[] = [];
  const visit = (node: Node, suites: string[]) => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'call_expression') {
        const callee = child.childForFieldName('function')?.text ?? '';
        const args = child.childForFieldName('arguments');
        const title = stringValue(args?.namedChild(0));
        if (title !== undefined && JS_SUITE_CALLEES.test(callee)) {
          visit(args!, [...suites, title]);
          continue;
        }
        if (title !== undefined && JS_TEST_CALLEES.test(callee)) {
          const statement = child.parent?.type === 'expression_statement' ? child.parent : child;
          out.push({
            id: jsTestId(file, [...suites, title]),
            name: title,
            startLine: statement.startPosition.row + 1,
            endLine: statement.endPosition.row + 1,
            code: statement.text,
          });
          continue;
        }
      }
      visit(child, suites);
    }
  };
  visit(root, []);
  return out;
}

/** True when the code names `name` as a whole word (a call, an import, a reference). */
export function mentions(code: string, name: string): boolean {
  return new RegExp(`(^|[^\\w$])${name.replace(/[$]/g, '\\$')}($|[^\\w$])`).test(code);
}
