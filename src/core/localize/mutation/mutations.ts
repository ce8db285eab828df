// Single-site mutations for the localization benchmark: flip a comparison, move an integer by
// one, swap two arguments, negate a condition, use the wrong variable, drop a statement. Sites
// come from tree-sitter queries (resources/localize/mutations/*.scm), so supporting a language
// means adding a query file and an entry in languages.json.
import { readFileSync } from 'node:fs';
import { Query, type Node, type QueryCapture } from 'web-tree-sitter';
import { z } from 'zod';
import { countErrorNodes, loadLanguage, parseText } from '../../index/parser';
import type { LanguageId } from '../../index/types';
import { resourcePath } from '../../resources';

export type MutationOperator = 'flip-comparison' | 'off-by-one' | 'swap-arguments' | 'negate-condition' | 'wrong-variable' | 'drop-statement';

export const mutationOperators: MutationOperator[] = ['flip-comparison', 'off-by-one', 'swap-arguments', 'negate-condition', 'wrong-variable', 'drop-statement'];

export interface Mutation {
  operator: MutationOperator;
  /** 1-based line of the site. */
  line: number;
  /** Offsets in the text (UTF-16 code units) of the replaced span. */
  start: number;
  end: number;
  original: string;
  replacement: string;
}

const registrySchema = z.object({
  languages: z.record(
    z.string(),
    z.object({ queries: z.array(z.string()).min(1), drop: z.string(), negate: z.string(), negateParenthesized: z.string() }),
  ),
});

type LanguageRules = z.infer<typeof registrySchema>['languages'][string];

let registry: Record<string, LanguageRules> | undefined;
const queries = new Map<LanguageId, Promise<Query>>();

function rulesFor(language: LanguageId): LanguageRules | undefined {
  if (!registry) {
    const file = resourcePath('localize', 'mutations', 'languages.json');
    const parsed = registrySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`Invalid mutation registry ${file}: ${parsed.error.message}`);
    registry = parsed.data.languages;
  }
  return registry[language];
}

function queryFor(language: LanguageId, rules: LanguageRules): Promise<Query> {
  let query = queries.get(language);
  if (!query) {
    query = loadLanguage(language).then((lang) => new Query(lang, rules.queries.map((f) => readFileSync(resourcePath('localize', 'mutations', f), 'utf8')).join('\n')));
    queries.set(language, query);
  }
  return query;
}

export function languageHasMutations(language: LanguageId): boolean {
  return rulesFor(language) !== undefined;
}

const FLIPS: Record<string, string[]> = {
  '<': ['<=', '>='],
  '<=': ['<', '>'],
  '>': ['>=', '<='],
  '>=': ['>', '<'],
  '==': ['!='],
  '!=': ['=='],
  '===': ['!=='],
  '!==': ['==='],
  in: ['not in'],
  'not in': ['in'],
  is: ['is not'],
  'is not': ['is'],
};

const FUNCTION_TYPES = new Set(['function_definition', 'function_declaration', 'method_definition', 'arrow_function', 'function_expression', 'function', 'generator_function_declaration', 'lambda']);
const SELF_NAMES = new Set(['self', 'cls', 'this']);

function enclosingFunction(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (FUNCTION_TYPES.has(n.type)) return n;
  return undefined;
}

function site(operator: MutationOperator, node: { startIndex: number; endIndex: number; startPosition: { row: number } }, text: string, replacement: string): Mutation {
  return { operator, line: node.startPosition.row + 1, start: node.startIndex, end: node.endIndex, original: text.slice(node.startIndex, node.endIndex), replacement };
}

/** Every mutation of the text; the caller picks among them. Each keeps the text parseable. */
export async function findMutations(language: LanguageId, text: string): Promise<Mutation[]> {
  const rules = rulesFor(language);
  if (!rules) return [];
  const query = await queryFor(language, rules);
  const tree = await parseText(language, text);
  try {
    const captures: QueryCapture[] = query.captures(tree.rootNode);
    const mutations: Mutation[] = [];
    const locals = new Map<number, Set<string>>();
    const declarations = new Set<number>();
    for (const { name, node } of captures) {
      if (name !== 'local') continue;
      const fn = enclosingFunction(node);
      if (!fn) continue;
      const set = locals.get(fn.id) ?? new Set<string>();
      if (!SELF_NAMES.has(node.text)) set.add(node.text);
      locals.set(fn.id, set);
      declarations.add(node.startIndex);
    }
    for (const { name, node } of captures) {
      switch (name) {
        case 'compare':
          mutations.push(...flipComparison(node, text));
          break;
        case 'number':
          mutations.push(...offByOne(node, text));
          break;
        case 'args':
          mutations.push(...swapArguments(node, text));
          break;
        case 'condition': {
          const wrapped = node.type === 'parenthesized_expression' ? rules.negateParenthesized.replace('{}', node.text.slice(1, -1)) : rules.negate.replace('{}', node.text);
          mutations.push(site('negate-condition', node, text, wrapped));
          break;
        }
        case 'statement':
          // A docstring or a bare string is documentation, not behaviour.
          if (node.namedChildren.length === 1 && /^(string|template_string|concatenated_string)$/.test(node.namedChildren[0]?.type ?? '')) break;
          mutations.push(site('drop-statement', node, text, rules.drop));
          break;
        case 'use': {
          if (declarations.has(node.startIndex) || !isVariableUse(node)) break;
          const fn = enclosingFunction(node);
          const names = fn ? locals.get(fn.id) : undefined;
          if (!names?.has(node.text)) break;
          for (const other of names) if (other !== node.text) mutations.push(site('wrong-variable', node, text, other));
          break;
        }
      }
    }
    return mutations;
  } finally {
    tree.delete();
  }
}

function isVariableUse(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  // `obj.attr`, `f(x=1)`, `def f`, `class C`, import names are not variable uses.
  if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.startIndex === node.startIndex) return false;
  if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.startIndex === node.startIndex) return false;
  if (/^(function_definition|class_definition|function_declaration|class_declaration|method_definition)$/.test(parent.type) && parent.childForFieldName('name')?.startIndex === node.startIndex) return false;
  if (/import|dotted_name|aliased_import|global_statement|nonlocal_statement/.test(parent.type)) return false;
  // The callee of a call is a function, not a variable of the function.
  if ((parent.type === 'call' || parent.type === 'call_expression') && parent.childForFieldName('function')?.startIndex === node.startIndex) return false;
  return true;
}

function flipComparison(node: Node, text: string): Mutation[] {
  const mutations: Mutation[] = [];
  if (node.type === 'binary_expression') {
    const operator = node.childForFieldName('operator');
    if (operator && FLIPS[operator.type]) for (const flip of FLIPS[operator.type]) mutations.push(site('flip-comparison', operator, text, flip));
    return mutations;
  }
  // Python: operators are anonymous children between the operands; `not in` / `is not` are two tokens.
  const children = node.children.filter((c): c is Node => !!c);
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child.isNamed) continue;
    const next = children[i + 1];
    let op = child.type;
    let end = child.endIndex;
    if ((op === 'not' && next?.type === 'in') || (op === 'is' && next?.type === 'not')) {
      op = `${op} ${next.type}`;
      end = next.endIndex;
      i++;
    }
    for (const flip of FLIPS[op] ?? []) mutations.push({ operator: 'flip-comparison', line: child.startPosition.row + 1, start: child.startIndex, end, original: text.slice(child.startIndex, end), replacement: flip });
  }
  return mutations;
}

function offByOne(node: Node, text: string): Mutation[] {
  const raw = node.text;
  if (!/^\d[\d_]*$/.test(raw)) return [];
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value)) return [];
  const mutations = [site('off-by-one', node, text, String(value + 1))];
  if (value > 0) mutations.push(site('off-by-one', node, text, String(value - 1)));
  return mutations;
}

function swapArguments(node: Node, text: string): Mutation[] {
  const positional = node.namedChildren.filter((c): c is Node => !!c && !/^(keyword_argument|list_splat|dictionary_splat|spread_element|comment|parenthesized_expression_splat)$/.test(c.type));
  if (positional.length < 2) return [];
  const [a, b] = positional;
  if (a.text === b.text || b.startIndex < a.endIndex) return [];
  const between = text.slice(a.endIndex, b.startIndex);
  return [{ operator: 'swap-arguments', line: a.startPosition.row + 1, start: a.startIndex, end: b.endIndex, original: text.slice(a.startIndex, b.endIndex), replacement: `${b.text}${between}${a.text}` }];
}

export function applyMutation(text: string, mutation: Mutation): string {
  return text.slice(0, mutation.start) + mutation.replacement + text.slice(mutation.end);
}

/** True when the mutated text parses with no more errors than the original. */
export async function stillParses(language: LanguageId, original: string, mutated: string): Promise<boolean> {
  const [before, after] = await Promise.all([parseText(language, original), parseText(language, mutated)]);
  try {
    return countErrorNodes(after.rootNode) <= countErrorNodes(before.rootNode);
  } finally {
    before.delete();
    after.delete();
  }
}
