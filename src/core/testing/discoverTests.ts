// Finds the tests declared in a test file without running anything, with tree-sitter and the
// queries in resources/queries/<language>/tests.scm: pytest functions and classes, and the
// describe/it/test calls of the JS runners with literal titles. Ids are those the runners'
// reports give (testIds.ts), so a later run's results land on the same items.
import { readFileSync } from 'node:fs';
import { Query, type Node } from 'web-tree-sitter';
import { loadLanguage, parseText } from '../index/parser';
import type { LanguageId } from '../index/types';
import { resourcePath } from '../resources';
import { jsTestId } from './testIds';

export interface DiscoveredTest {
  /** The test id, as a run reports it (`tests/test_cart.py::TestCart::test_total`, `src/a.test.ts::Cart > totals`). */
  id: string;
  /** Suites or classes, then the test's own name. */
  titles: string[];
  /** 1-based line of the declaration. */
  line: number;
  kind: 'suite' | 'test';
}

const queryFiles: Record<LanguageId, string> = {
  python: 'python/tests.scm',
  javascript: 'ecmascript/tests.scm',
  typescript: 'ecmascript/tests.scm',
  tsx: 'ecmascript/tests.scm',
};

const queries = new Map<LanguageId, Promise<Query>>();

function testQuery(language: LanguageId): Promise<Query> {
  let query = queries.get(language);
  if (!query) {
    query = loadLanguage(language).then((grammar) => new Query(grammar, readFileSync(resourcePath('queries', queryFiles[language]), 'utf8')));
    query.catch(() => queries.delete(language));
    queries.set(language, query);
  }
  return query;
}

/** The tests and suites declared in a file's text, in document order. */
export async function discoverTests(file: string, language: LanguageId, text: string): Promise<DiscoveredTest[]> {
  const [query, tree] = await Promise.all([testQuery(language), parseText(language, text)]);
  try {
    return language === 'python' ? pythonTests(file, query, tree.rootNode) : jsTests(file, query, tree.rootNode);
  } finally {
    tree.delete();
  }
}

// Python ---------------------------------------------------------------------------------------

/** pytest collects `Test*` classes without `__init__`, and unittest.TestCase subclasses. */
function collectedClass(node: Node): boolean {
  const name = node.childForFieldName('name')?.text ?? '';
  const bases = node.childForFieldName('superclasses')?.text ?? '';
  if (/\bTestCase\b/.test(bases)) return true;
  if (!name.startsWith('Test')) return false;
  const body = node.childForFieldName('body');
  return !body?.namedChildren.some((child) => definitionOf(child)?.type === 'function_definition' && definitionOf(child)?.childForFieldName('name')?.text === '__init__');
}

function definitionOf(node: Node | null): Node | null {
  return node?.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
}

/** The classes around a definition, outermost first; undefined when a function encloses it. */
function enclosingClasses(node: Node): Node[] | undefined {
  const classes: Node[] = [];
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition') return undefined;
    if (parent.type === 'class_definition') classes.unshift(parent);
  }
  return classes;
}

function pythonTests(file: string, query: Query, root: Node): DiscoveredTest[] {
  const found: DiscoveredTest[] = [];
  for (const match of query.matches(root)) {
    const node = match.captures.find((c) => c.name === 'test' || c.name === 'suite')?.node;
    if (!node) continue;
    const isTest = match.captures.some((c) => c.name === 'test');
    const classes = enclosingClasses(node);
    if (!classes || !classes.every(collectedClass) || (!isTest && !collectedClass(node))) continue;
    const titles = [...classes, node].map((n) => n.childForFieldName('name')!.text);
    found.push({ id: [file, ...titles].join('::'), titles, line: node.startPosition.row + 1, kind: isTest ? 'test' : 'suite' });
  }
  return found.sort((a, b) => a.line - b.line);
}

// JavaScript / TypeScript --------------------------------------------------------------------

const SUITES = new Set(['describe', 'suite', 'context']);

interface Declaration {
  node: Node;
  title: string;
  kind: 'suite' | 'test';
}

/** A literal title: a quoted string, or a template without substitutions. */
function literalTitle(node: Node): string | undefined {
  if (node.type === 'template_string') {
    if (node.namedChildren.some((c) => c?.type === 'template_substitution')) return undefined;
    return node.text.slice(1, -1);
  }
  const raw = node.text.slice(1, -1);
  return raw.replace(/\\(.)/g, '$1');
}

function jsTests(file: string, query: Query, root: Node): DiscoveredTest[] {
  const declarations = new Map<number, Declaration>();
  for (const match of query.matches(root)) {
    const get = (name: string) => match.captures.find((c) => c.name === name)?.node;
    const call = get('call');
    const callee = get('callee')?.text;
    const titleNode = get('title');
    const modifier = get('modifier')?.text;
    if (!call || !callee || !titleNode) continue;
    // `.each` titles are formats filled in per row; `.todo` has no body to run.
    if (modifier === 'each' || modifier === 'todo') continue;
    const title = literalTitle(titleNode);
    if (title === undefined) continue;
    declarations.set(call.id, { node: call, title, kind: SUITES.has(callee) ? 'suite' : 'test' });
  }
  const found: DiscoveredTest[] = [];
  for (const declaration of declarations.values()) {
    const titles = [declaration.title];
    let nested = true;
    for (let parent = declaration.node.parent; parent; parent = parent.parent) {
      if (parent.type !== 'call_expression') continue;
      const outer = declarations.get(parent.id);
      if (!outer) {
        // A suite whose title is computed (`describe(name, …)`, `describe.each(…)(…)`).
        if (/^(describe|suite|context)\b/.test(parent.childForFieldName('function')?.text ?? '')) {
          nested = false;
          break;
        }
        continue;
      }
      // Inside a test (a subtest, a dynamic case): only the runner can name it.
      if (outer.kind === 'test') {
        nested = false;
        break;
      }
      titles.unshift(outer.title);
    }
    if (!nested) continue;
    found.push({ id: jsTestId(file, titles), titles, line: declaration.node.startPosition.row + 1, kind: declaration.kind });
  }
  return found.sort((a, b) => a.line - b.line);
}
