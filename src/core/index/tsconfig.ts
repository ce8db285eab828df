// `compilerOptions.baseUrl` / `paths` of tsconfig.json and jsconfig.json files (JSON with
// comments), following relative `extends` chains, for the import resolver.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
// The ESM build: the UMD one (package main) loads its parts with a dynamic require a bundle cannot follow.
import { parse as parseJsonc, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { z } from 'zod';
import type { Logger } from '../ports';

/** Path mapping of one config file; folders are relative to the index root, '/'-separated. */
export interface PathMapping {
  /** Folder of the config file. */
  dir: string;
  /** Resolved baseUrl folder, if any. */
  baseUrl?: string;
  /** Folder `paths` targets are relative to (baseUrl, else the folder of the config that set them). */
  pathsBase: string;
  paths: [pattern: string, targets: string[]][];
}

const configSchema = z
  .object({
    extends: z.union([z.string(), z.array(z.string())]).optional(),
    compilerOptions: z
      .object({
        baseUrl: z.string().optional(),
        paths: z.record(z.string(), z.array(z.string())).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

/** Reads a config (relative path) and what it extends; undefined when it cannot be read. */
export async function readPathMapping(root: string, configPath: string, logger?: Logger): Promise<PathMapping | undefined> {
  const dir = posixDirname(configPath);
  let baseUrl: string | undefined;
  let paths: Record<string, string[]> | undefined;
  let pathsFrom = dir;
  const seen = new Set<string>();
  // Walk from the config to what it extends; the first one that sets a value wins.
  let current: string | undefined = configPath;
  while (current && !seen.has(current)) {
    seen.add(current);
    const config = await readConfig(root, current, logger);
    if (!config) break;
    const currentDir = posixDirname(current);
    const options = config.compilerOptions;
    if (baseUrl === undefined && options?.baseUrl !== undefined) baseUrl = joinRelative(currentDir, options.baseUrl);
    if (paths === undefined && options?.paths) {
      paths = options.paths;
      pathsFrom = currentDir;
    }
    const parent = Array.isArray(config.extends) ? config.extends[0] : config.extends;
    current = parent && /^\.\.?\//.test(parent) ? joinRelative(currentDir, parent.endsWith('.json') ? parent : `${parent}.json`) : undefined;
  }
  if (baseUrl === undefined && paths === undefined) return undefined;
  return {
    dir,
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    pathsBase: baseUrl ?? pathsFrom,
    paths: Object.entries(paths ?? {}),
  };
}

async function readConfig(root: string, configPath: string, logger?: Logger): Promise<z.infer<typeof configSchema> | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(root, configPath), 'utf8');
  } catch {
    logger?.debug(`Index: ${configPath} not readable`);
    return undefined;
  }
  const errors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    logger?.warn(`Index: ignoring ${configPath}: ${errors.length ? 'not valid JSON' : parsed.error.issues[0]?.message}`);
    return undefined;
  }
  return parsed.data;
}

/** Candidate paths (relative to the root, without extension resolution) for a bare specifier. */
export function mappedCandidates(mapping: PathMapping, specifier: string): string[] {
  const candidates: string[] = [];
  let best: { prefixLength: number; targets: string[]; star: string } | undefined;
  for (const [pattern, targets] of mapping.paths) {
    const star = pattern.indexOf('*');
    if (star === -1) {
      if (pattern === specifier) {
        best = { prefixLength: Number.POSITIVE_INFINITY, targets, star: '' };
        break;
      }
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
      // TypeScript picks the pattern with the longest prefix before the star.
      if (!best || prefix.length > best.prefixLength) best = { prefixLength: prefix.length, targets, star: specifier.slice(prefix.length, specifier.length - suffix.length) };
    }
  }
  if (best) for (const target of best.targets) candidates.push(joinRelative(mapping.pathsBase, target.replace('*', best.star)));
  if (mapping.baseUrl !== undefined) candidates.push(joinRelative(mapping.baseUrl, specifier));
  return candidates;
}

function posixDirname(p: string): string {
  const slash = p.lastIndexOf('/');
  return slash === -1 ? '' : p.slice(0, slash);
}

/** Joins and normalises relative paths; a result outside the root starts with '../'. */
export function joinRelative(base: string, relative: string): string {
  const joined = path.posix.normalize(base ? `${base}/${relative}` : relative);
  return joined === '.' ? '' : joined.replace(/^\.\//, '').replace(/\/$/, '');
}
