// The language registry is data: resources/queries/languages.json lists each language's file
// extensions, grammar package, query files and a few resolution hints. Nothing else in the
// index names a language, so adding one means adding a grammar, a query file and an entry.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { resourcePath } from '../resources';
import type { LanguageId } from './types';

const moduleStyleSchema = z.discriminatedUnion('style', [
  z.object({
    /** Python-like: `a.b.c` names a file a/b/c.py or a package a/b/c/__init__.py. */
    style: z.literal('dotted'),
    extensions: z.array(z.string()).min(1),
    packageInit: z.string(),
  }),
  z.object({
    /** JavaScript-like: `./x` names a file, tried with each extension and as a folder index. */
    style: z.literal('path'),
    extensions: z.array(z.string()).min(1),
    indexFiles: z.array(z.string()).default([]),
    pathMapping: z.enum(['tsconfig', 'none']).default('none'),
  }),
]);

const descriptorSchema = z.object({
  id: z.string().min(1),
  extensions: z.array(z.string().regex(/^\./)).min(1),
  grammar: z.object({
    package: z.string(),
    wasm: z.string(),
    /** Property of the native binding's export that holds this grammar (tree-sitter-typescript). */
    nativeExport: z.string().optional(),
  }),
  queries: z.array(z.string()).min(1),
  /** Receivers that mean "this object" (`self`, `this`). */
  selfNames: z.array(z.string()).default([]),
  /** Receivers that mean "the base class" (`super`, `super()`). */
  superNames: z.array(z.string()).default([]),
  /** Parent node types whose range belongs to the definition (decorators, `export`, `const`). */
  rangeWrappers: z.array(z.string()).default([]),
  /** Parent node types whose text starts the signature (`export const f = (a) =>`). */
  signatureWrappers: z.array(z.string()).default([]),
  /** `string`: docstrings come from @doc captures; `jsdoc`: a `/** ... *\/` comment just before. */
  docStyle: z.enum(['string', 'jsdoc']),
  /** Keywords left out of the search index (they occur everywhere and rank nothing). */
  stopWords: z.array(z.string()).default([]),
  modules: moduleStyleSchema,
});

const registrySchema = z.object({
  /** Words of plain English left out of the search index, for every language. */
  stopWords: z.array(z.string()).default([]),
  languages: z.array(descriptorSchema).min(1),
});

export type LanguageDescriptor = z.infer<typeof descriptorSchema> & { id: LanguageId };
export type ModuleStyle = z.infer<typeof moduleStyleSchema>;

let registry:
  | { byId: Map<string, LanguageDescriptor>; byExtension: Map<string, LanguageDescriptor>; stopWords: Map<string, Set<string>>; allStopWords: Set<string> }
  | undefined;

function load() {
  if (registry) return registry;
  const file = resourcePath('queries', 'languages.json');
  const parsed = registrySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`Invalid language registry ${file}: ${parsed.error.message}`);
  const byId = new Map<string, LanguageDescriptor>();
  const byExtension = new Map<string, LanguageDescriptor>();
  for (const entry of parsed.data.languages) {
    const descriptor = entry as LanguageDescriptor;
    byId.set(descriptor.id, descriptor);
    for (const ext of descriptor.extensions) byExtension.set(ext.toLowerCase(), descriptor);
  }
  const stopWords = new Map<string, Set<string>>();
  const allStopWords = new Set(parsed.data.stopWords.map((w) => w.toLowerCase()));
  for (const descriptor of byId.values()) {
    const words = new Set([...parsed.data.stopWords, ...descriptor.stopWords].map((w) => w.toLowerCase()));
    stopWords.set(descriptor.id, words);
    for (const word of words) allStopWords.add(word);
  }
  return (registry = { byId, byExtension, stopWords, allStopWords });
}

/** Words the search index leaves out of a language's files (lower case). */
export function stopWordsOf(id: LanguageId): ReadonlySet<string> {
  return load().stopWords.get(id) ?? new Set();
}

/** Every language's stop words, for queries (which may be about any language). */
export function allStopWords(): ReadonlySet<string> {
  return load().allStopWords;
}

/** The language of a file, from its extension; undefined for files the index does not read. */
export function languageOf(filePath: string): LanguageId | undefined {
  const ext = path.extname(filePath).toLowerCase();
  if (!ext) return undefined;
  // `.d.ts` declaration files are TypeScript too (extname gives `.ts`).
  return load().byExtension.get(ext)?.id;
}

export function languageDescriptor(id: LanguageId): LanguageDescriptor {
  const descriptor = load().byId.get(id);
  if (!descriptor) throw new Error(`Unknown language '${id}' (known: ${[...load().byId.keys()].join(', ')})`);
  return descriptor;
}

export function allLanguages(): LanguageDescriptor[] {
  return [...load().byId.values()];
}

/** Path of a language's grammar WASM: bundled next to dist/, else from its npm package. */
export function grammarWasmPath(descriptor: LanguageDescriptor): string {
  const bundled = path.join(path.dirname(resourcePath()), 'wasm', descriptor.grammar.wasm);
  if (existsSync(bundled)) return bundled;
  return path.join(path.dirname(resourcePath()), 'node_modules', descriptor.grammar.package, descriptor.grammar.wasm);
}
