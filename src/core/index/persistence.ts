// The saved form of an index, checked on the way back in: a file written by another version
// (different queries or format) or damaged on disk is refused, never half-loaded.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { AsPlainObject } from 'minisearch';
import { z } from 'zod';
import { resourcePath } from '../resources';
import type { SkipReason } from './fileFilter';
import { allLanguages } from './languages';
import type { CodeSymbol, LanguageId, Reference } from './types';

const FORMAT = 'selfdebug-index';
const FORMAT_VERSION = 1;

export interface SerializedFile {
  path: string;
  language: LanguageId;
  lines: number;
  parseErrors: number;
  hash: string;
  size: number;
  mtimeMs: number;
  symbols: CodeSymbol[];
  references: Reference[];
  defaultExport?: string;
  defaultExportAt?: number;
}

export interface SerializedIndex {
  format: typeof FORMAT;
  version: number;
  /** Hash of the language registry and query files: symbols read with other queries are stale. */
  queries: string;
  root: string;
  savedAt: string;
  files: SerializedFile[];
  search: AsPlainObject;
  /** Files left out, so an unchanged one is not read again. */
  skipped?: SkippedFile[];
}

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  size: number;
  mtimeMs: number;
}

let queriesHash: string | undefined;

/** Hash of everything that decides what the index extracts. */
export function extractionFingerprint(): string {
  if (queriesHash) return queriesHash;
  const hash = createHash('sha1');
  hash.update(readFileSync(resourcePath('queries', 'languages.json')));
  for (const language of allLanguages()) for (const file of language.queries) hash.update(readFileSync(resourcePath('queries', file)));
  return (queriesHash = hash.digest('hex'));
}

export function serializeIndex(root: string, files: SerializedFile[], search: AsPlainObject, skipped: SkippedFile[] = []): SerializedIndex {
  return { format: FORMAT, version: FORMAT_VERSION, queries: extractionFingerprint(), root, savedAt: new Date().toISOString(), files, search, skipped };
}

const symbolSchema = z.object({
  id: z.string(),
  file: z.string(),
  language: z.string(),
  name: z.string(),
  qualifiedName: z.string(),
  kind: z.enum(['module', 'class', 'function', 'method']),
  startLine: z.number().int(),
  endLine: z.number().int(),
  startByte: z.number().int(),
  endByte: z.number().int(),
  signature: z.string(),
  doc: z.string().optional(),
  parentId: z.string().optional(),
});

const referenceSchema = z.object({
  kind: z.enum(['call', 'import', 'inherit']),
  name: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  startByte: z.number().int(),
  from: z.string(),
  receiver: z.string().optional(),
  source: z.string().optional(),
  alias: z.string().optional(),
  importKind: z.enum(['module', 'named', 'default', 'namespace', 'wildcard']).optional(),
});

const headerSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  queries: z.string(),
  root: z.string(),
  savedAt: z.string(),
  files: z.array(z.unknown()),
  search: z.record(z.string(), z.unknown()),
  skipped: z
    .array(z.object({ path: z.string(), reason: z.enum(['tooLarge', 'binary', 'minified', 'unreadable', 'failed']), size: z.number(), mtimeMs: z.number() }))
    .optional(),
});

const fileSchema = z.object({
  path: z.string(),
  language: z.string(),
  lines: z.number().int(),
  parseErrors: z.number().int(),
  hash: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  symbols: z.array(symbolSchema),
  references: z.array(referenceSchema),
  defaultExport: z.string().optional(),
  defaultExportAt: z.number().int().optional(),
});

export type ParsedIndex = { ok: true; index: SerializedIndex } | { ok: false; reason: string };

/** Validates a saved index; refuses another format, version or query set. */
export function parseSerializedIndex(data: unknown): ParsedIndex {
  const header = headerSchema.safeParse(data);
  if (!header.success) return { ok: false, reason: `not a SelfDebug index of format ${FORMAT_VERSION}: ${header.error.issues[0]?.message ?? ''}` };
  if (header.data.queries !== extractionFingerprint()) return { ok: false, reason: 'saved with other tree-sitter queries' };
  const known = new Set<string>(allLanguages().map((l) => l.id));
  const files: SerializedFile[] = [];
  for (const raw of header.data.files) {
    const file = fileSchema.safeParse(raw);
    if (!file.success) return { ok: false, reason: `damaged file entry: ${file.error.issues[0]?.message ?? ''}` };
    if (!known.has(file.data.language)) return { ok: false, reason: `unknown language ${file.data.language}` };
    files.push(file.data as SerializedFile);
  }
  return { ok: true, index: { ...header.data, files, search: header.data.search as unknown as AsPlainObject } };
}

/** Writes an index to a gzip'd JSON file, atomically (a crash leaves the old file). */
export async function saveIndexFile(file: string, index: SerializedIndex): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, await promisify(gzip)(JSON.stringify(index)));
  await rename(temporary, file);
}

/** Reads a saved index file; undefined when it does not exist or is not readable JSON. */
export async function loadIndexFile(file: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  try {
    return JSON.parse((await promisify(gunzip)(bytes)).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
