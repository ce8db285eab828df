// Writes generated tests into a test file: new imports merged with the file's own (only names it
// does not bind yet, so a TypeScript file never imports a name twice), helpers, then the tests
// appended at the end; JS/TS tests are regrouped under the `describe` titles they came with.
// Names that clash with existing tests are made unique.
import type { Node } from 'web-tree-sitter';
import type { LanguageId } from '../index/types';
import { jsTestId } from '../testing/testIds';
import type { FrameworkId } from '../testing/types';
import { indent, parseCode } from './answerCode';
import type { ParsedTest } from './parseTests';

export interface TestFileContent {
  imports: string[];
  support: { suites: string[]; code: string }[];
  tests: ParsedTest[];
}

/** Names a file's top-level imports bind. */
export async function importedNames(text: string, language: LanguageId): Promise<Set<string>> {
  const names = new Set<string>();
  if (!text.trim()) return names;
  const tree = await parseCode(text, language);
  try {
    for (const node of tree.rootNode.namedChildren) {
      if (!node) continue;
      for (const name of bindings(node, language)) names.add(name);
      // Top-level definitions bind names too (a helper the tests define).
      const def = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node.type === 'export_statement' ? node.namedChild(0) : node;
      const defName = def?.childForFieldName('name')?.text;
      if (defName && /definition|declaration/.test(def!.type)) names.add(defName);
    }
  } finally {
    tree.delete();
  }
  return names;
}

function bindings(node: Node, language: LanguageId): string[] {
  if (language === 'python') {
    if (node.type === 'import_statement') {
      return node.namedChildren.filter((c): c is Node => !!c).map((c) => (c.type === 'aliased_import' ? c.childForFieldName('alias')!.text : c.text.split('.')[0]!));
    }
    if (node.type === 'import_from_statement') {
      const module = node.childForFieldName('module_name')?.id;
      return node.namedChildren
        .filter((c): c is Node => !!c && c.id !== module)
        .map((c) => (c.type === 'aliased_import' ? c.childForFieldName('alias')!.text : c.text))
        .filter((n) => n !== '*');
    }
    return [];
  }
  if (node.type !== 'import_statement') return [];
  const clause = node.namedChildren.find((c) => c?.type === 'import_clause');
  if (!clause) return [];
  const out: string[] = [];
  for (const part of clause.namedChildren) {
    if (!part) continue;
    if (part.type === 'identifier') out.push(part.text);
    else if (part.type === 'namespace_import') out.push(part.namedChildren.find((c) => c?.type === 'identifier')?.text ?? '');
    else if (part.type === 'named_imports') {
      for (const spec of part.namedChildren) {
        if (spec?.type !== 'import_specifier') continue;
        out.push((spec.childForFieldName('alias') ?? spec.childForFieldName('name'))!.text);
      }
    }
  }
  return out.filter(Boolean);
}

/** The part of an import statement that binds names not in `bound` (undefined when it adds nothing). */
export async function unboundImport(statement: string, bound: Set<string>, language: LanguageId): Promise<string | undefined> {
  const tree = await parseCode(statement, language);
  try {
    const node = tree.rootNode.namedChild(0);
    if (!node || node.hasError) return undefined;
    const names = bindings(node, language);
    if (!names.length) return bound.has(statement.trim()) ? undefined : statement.trim();
    const fresh = names.filter((n) => !bound.has(n));
    if (!fresh.length) return undefined;
    if (fresh.length === names.length) return node.text;
    if (language === 'python') {
      if (node.type !== 'import_from_statement') return node.text;
      const module = node.childForFieldName('module_name')!.text;
      const parts = node.namedChildren.filter((c): c is Node => !!c && c.text !== module && fresh.includes(c.type === 'aliased_import' ? c.childForFieldName('alias')!.text : c.text));
      return `from ${module} import ${parts.map((p) => p.text).join(', ')}`;
    }
    const source = node.childForFieldName('source')?.text ?? '';
    const typeOnly = /^import\s+type\b/.test(node.text) ? 'type ' : '';
    const clause = node.namedChildren.find((c) => c?.type === 'import_clause')!;
    const named: string[] = [];
    let head = '';
    for (const part of clause.namedChildren) {
      if (!part) continue;
      if (part.type === 'identifier' && fresh.includes(part.text)) head = part.text;
      else if (part.type === 'namespace_import' && fresh.includes(part.namedChildren.find((c) => c?.type === 'identifier')?.text ?? '')) head = part.text;
      else if (part.type === 'named_imports') {
        for (const spec of part.namedChildren) {
          if (spec?.type === 'import_specifier' && fresh.includes((spec.childForFieldName('alias') ?? spec.childForFieldName('name'))!.text)) named.push(spec.text);
        }
      }
    }
    const pieces = [head, named.length ? `{ ${named.join(', ')} }` : ''].filter(Boolean).join(', ');
    return `import ${typeOnly}${pieces} from ${source};`;
  } finally {
    tree.delete();
  }
}

/** Offset just after the file's last top-level import (else after a leading docstring/comments). */
async function importInsertionLine(text: string, language: LanguageId): Promise<number> {
  if (!text.trim()) return 0;
  const tree = await parseCode(text, language);
  try {
    let line = 0;
    const children = tree.rootNode.namedChildren.filter((c): c is Node => !!c);
    for (const node of children) {
      if (/^(import_statement|import_from_statement|future_import_statement)$/.test(node.type)) line = node.endPosition.row + 1;
    }
    if (line) return line;
    for (const node of children) {
      const docOrComment = node.type === 'comment' || (node.type === 'expression_statement' && node.namedChild(0)?.type === 'string');
      if (!docOrComment) break;
      line = node.endPosition.row + 1;
    }
    return line;
  } finally {
    tree.delete();
  }
}

interface SuiteNode {
  title: string;
  support: string[];
  tests: string[];
  children: SuiteNode[];
}

function renderSuite(node: SuiteNode): string {
  const inner = [...node.support, ...node.children.map(renderSuite), ...node.tests].join('\n\n');
  return `describe(${quoteJs(node.title)}, () => {\n${indent(inner, '  ')}\n});`;
}

/** Framework imports a JS/TS test file needs for the globals it uses. */
function frameworkImport(framework: FrameworkId | undefined, code: string): string[] {
  const used = (names: string[]) => names.filter((n) => new RegExp(`(^|[^\\w.$])${n}\\s*[(.]`, 'm').test(code));
  if (framework === 'vitest') {
    const names = used(['describe', 'it', 'test', 'expect', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'vi']);
    return names.length ? [`import { ${names.join(', ')} } from 'vitest';`] : [];
  }
  if (framework === 'node-test') {
    const names = used(['describe', 'it', 'test', 'beforeEach', 'afterEach', 'before', 'after']);
    return [...(names.length ? [`import { ${names.join(', ')} } from 'node:test';`] : []), ...(used(['assert']).length || /\bassert\s*\(/.test(code) ? ["import assert from 'node:assert/strict';"] : [])];
  }
  if (framework === 'mocha' && (used(['assert']).length || /\bassert\s*\(/.test(code))) return ["import assert from 'node:assert/strict';"];
  return [];
}

export interface ComposeOptions {
  language: LanguageId;
  framework?: FrameworkId;
  /** The import that reaches the target, added when the tests use `targetName` without importing it. */
  targetImport?: string;
  targetName?: string;
}

/** The test file with `content` added. */
export async function composeTestFile(existing: string | undefined, content: TestFileContent, options: ComposeOptions): Promise<string> {
  const { language } = options;
  const base = existing ?? '';
  const python = language === 'python';
  const body: string[] = [];
  if (python) {
    for (const s of content.support) body.push(s.code);
    for (const t of content.tests) body.push(t.code);
  } else {
    const root: SuiteNode = { title: '', support: [], tests: [], children: [] };
    const nodeFor = (suites: string[]) => {
      let node = root;
      for (const title of suites) {
        let next = node.children.find((c) => c.title === title);
        if (!next) node.children.push((next = { title, support: [], tests: [], children: [] }));
        node = next;
      }
      return node;
    };
    const usedChains = new Set(content.tests.map((t) => t.suites.join('\u0000')));
    for (const s of content.support) {
      // Suite-level helpers only where a kept test sits; top-level ones always.
      if (s.suites.length === 0 || [...usedChains].some((c) => c.startsWith(s.suites.join('\u0000')))) nodeFor(s.suites).support.push(s.code);
    }
    for (const t of content.tests) nodeFor(t.suites).tests.push(t.code);
    body.push(...root.support, ...root.children.map(renderSuite), ...root.tests);
  }
  const added = body.join(python ? '\n\n\n' : '\n\n');

  const bound = await importedNames(base, language);
  const wanted = [...content.imports];
  if (!python) wanted.push(...frameworkImport(options.framework, added));
  // Generated pytest code often uses `pytest.raises` without importing pytest.
  else if (/(^|[^\w.])pytest\./m.test(added)) wanted.push('import pytest');
  if (options.targetImport && options.targetName && new RegExp(`\\b${options.targetName}\\b`).test(added)) wanted.push(options.targetImport);
  const newImports: string[] = [];
  for (const statement of wanted) {
    const fresh = await unboundImport(statement, bound, language);
    if (!fresh) continue;
    newImports.push(fresh);
    for (const name of await importedNames(fresh, language)) bound.add(name);
    bound.add(fresh.trim());
  }

  const lines = base.length ? base.replace(/\s+$/, '').split('\n') : [];
  const at = await importInsertionLine(base, language);
  if (newImports.length) {
    const block = at === 0 && lines.length ? [...newImports, ''] : newImports;
    lines.splice(at, 0, ...block);
  }
  let text = lines.join('\n');
  if (added.trim()) text = text.trim() ? `${text}${python ? '\n\n\n' : '\n\n'}${added}` : added;
  return `${text.replace(/\s+$/, '')}\n`;
}

/** The ids the runner will report for a test written to `file`. */
export function testIdsOf(file: string, test: ParsedTest, language: LanguageId): string {
  return language === 'python' ? `${file}::${test.name}` : jsTestId(file, [...test.suites, test.name]);
}

/** Renames tests whose id is taken (by the file's existing tests or earlier ones). */
export function uniqueNames(tests: ParsedTest[], taken: Set<string>, file: string, language: LanguageId): ParsedTest[] {
  return tests.map((test) => {
    let candidate = test;
    for (let n = 2; taken.has(testIdsOf(file, candidate, language)); n++) {
      const name = language === 'python' ? `${test.name}_${n}` : `${test.name} (${n})`;
      const code = language === 'python' ? test.code.replace(new RegExp(`\\b(def|class)\\s+${test.name}\\b`), `$1 ${name}`) : renameJsTest(test.code, test.name, name);
      candidate = { ...test, name, code };
    }
    taken.add(testIdsOf(file, candidate, language));
    return candidate;
  });
}

function renameJsTest(code: string, from: string, to: string): string {
  const quoted = /^(\s*\w+(?:\.\w+)*\s*\(\s*)(['"`])([\s\S]*?)\2/.exec(code);
  if (!quoted || quoted[3] !== from) return code;
  return code.replace(quoted[0], `${quoted[1]}${quoteJs(to)}`);
}

/** A JS string literal in the single quotes test files usually use. */
function quoteJs(text: string): string {
  return /['\\\n]/.test(text) ? JSON.stringify(text) : `'${text}'`;
}
