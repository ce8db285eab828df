// web-tree-sitter in the current thread: one runtime, one grammar and one parser per language,
// loaded on first use. The workspace index calls this from its worker threads; the repair loop
// calls parseText/countErrorsInLines directly on small texts.
import { readFileSync } from 'node:fs';
import { Language, Parser, Query, type Node, type Tree } from 'web-tree-sitter';
import { resourcePath, wasmPath } from '../resources';
import { grammarWasmPath, languageDescriptor } from './languages';
import type { LanguageId } from './types';

export type { Node, Tree };

let runtime: Promise<void> | undefined;
const languages = new Map<LanguageId, Promise<Language>>();
const parsers = new Map<LanguageId, Parser>();
const queries = new Map<LanguageId, Promise<Query>>();

function initRuntime(): Promise<void> {
  runtime ??= Parser.init({ locateFile: () => wasmPath('tree-sitter.wasm') }).catch((error: unknown) => {
    runtime = undefined;
    throw new Error(`Could not load the tree-sitter runtime: ${error instanceof Error ? error.message : String(error)}`);
  });
  return runtime;
}

export function loadLanguage(id: LanguageId): Promise<Language> {
  let loaded = languages.get(id);
  if (!loaded) {
    const descriptor = languageDescriptor(id);
    loaded = initRuntime()
      .then(() => Language.load(readFileSync(grammarWasmPath(descriptor))))
      .catch((error: unknown) => {
        languages.delete(id);
        throw new Error(`Could not load the ${id} grammar: ${error instanceof Error ? error.message : String(error)}`);
      });
    languages.set(id, loaded);
  }
  return loaded;
}

/** The thread's parser for a language (parsers are reusable and keep no tree). */
export async function parserFor(id: LanguageId): Promise<Parser> {
  const existing = parsers.get(id);
  if (existing) return existing;
  const language = await loadLanguage(id);
  const made = parsers.get(id) ?? new Parser();
  made.setLanguage(language);
  parsers.set(id, made);
  return made;
}

/** The language's symbol/reference query: its .scm files concatenated, compiled once. */
export function queryFor(id: LanguageId): Promise<Query> {
  let compiled = queries.get(id);
  if (!compiled) {
    const descriptor = languageDescriptor(id);
    compiled = loadLanguage(id).then((language) => {
      const source = descriptor.queries.map((file) => readFileSync(resourcePath('queries', file), 'utf8')).join('\n');
      try {
        return new Query(language, source);
      } catch (error) {
        throw new Error(`Bad query for ${id} (${descriptor.queries.join(', ')}): ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    compiled.catch(() => queries.delete(id));
    queries.set(id, compiled);
  }
  return compiled;
}

/**
 * Characters handed to the parser per read during an incremental re-parse. web-tree-sitter
 * copies every read into WASM memory one character at a time (5,000 when given a string), and
 * a re-parse reads anew at each place it re-lexes, using a few tokens of each read: short reads
 * copy a fifth of the text instead of most of it (about a quarter of an edit's parse time in a
 * 20,000-line file). A full parse reads straight through, where long reads are as good.
 */
const INCREMENTAL_READ = 256;

/**
 * Parses a text; the caller owns the tree and must `delete()` it. With `oldTree` (already
 * `edit()`ed), the parse is incremental.
 */
export async function parseText(language: LanguageId, text: string, oldTree?: Tree): Promise<Tree> {
  const parser = await parserFor(language);
  let tree: Tree | null;
  if (oldTree) {
    // The tree keeps the read function for `node.text`: after the parse, it reads to the end.
    let parsing = true;
    const read = (index: number): string => (parsing ? text.slice(index, index + INCREMENTAL_READ) : text.slice(index));
    try {
      tree = parser.parse(read, oldTree);
    } finally {
      parsing = false;
    }
  } else tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for a ${language} text of ${text.length} characters`);
  return tree;
}

/**
 * ERROR and MISSING nodes, optionally only those overlapping the 0-based row range. Only
 * subtrees that contain an error are visited, so a clean tree costs one call.
 */
export function countErrorNodes(root: Node, fromRow = 0, toRow = Number.POSITIVE_INFINITY): number {
  if (!root.hasError) return 0;
  let count = 0;
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.startPosition.row > toRow || node.endPosition.row < fromRow) continue;
    if (node.isError || node.isMissing) count++;
    if (node.hasError) for (const child of node.children) if (child) stack.push(child);
  }
  return count;
}

/** Number of ERROR/MISSING nodes overlapping the 1-based inclusive line range. */
export async function countErrorsInLines(language: LanguageId, text: string, startLine: number, endLine: number): Promise<number> {
  const tree = await parseText(language, text);
  try {
    return countErrorNodes(tree.rootNode, Math.max(0, startLine - 1), Math.max(0, endLine - 1));
  } finally {
    tree.delete();
  }
}
