// Lists the source files of a workspace folder: honours every .gitignore on the way down
// (deeper files override shallower ones, as in git) and an exclude list of globs (VS Code's
// `files.exclude`), never follows symbolic links, and notes tsconfig/jsconfig files for the
// import resolver.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { Minimatch } from 'minimatch';
import type { Logger } from '../ports';
import { languageOf } from './languages';
import type { LanguageId } from './types';

/** Folders no index wants, used when the caller passes no exclude list. */
export const defaultExcludes = [
  '**/.git',
  '**/.svn',
  '**/.hg',
  '**/CVS',
  '**/.DS_Store',
  '**/node_modules',
  '**/__pycache__',
  '**/.venv',
  '**/.tox',
  '**/.mypy_cache',
  '**/.pytest_cache',
];

export interface SourceFile {
  /** Relative to the root, '/'-separated. */
  path: string;
  absolute: string;
  language: LanguageId;
  size: number;
  mtimeMs: number;
}

export interface WalkOptions {
  exclude?: string[];
  maxFileBytes?: number;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface WalkResult {
  files: SourceFile[];
  /** tsconfig.json / jsconfig.json files (relative paths). */
  configFiles: string[];
  /** Source files left out because they exceed maxFileBytes. */
  tooLarge: string[];
}

const configNames = new Set(['tsconfig.json', 'jsconfig.json']);

/** Compiles exclude globs into a predicate over relative paths. */
export function excludeMatcher(globs: string[]): (relativePath: string, isDirectory: boolean) => boolean {
  const matchers = globs.filter((g) => g.trim()).map((g) => new Minimatch(g.trim().replace(/\/+$/, ''), { dot: true }));
  return (relativePath, isDirectory) =>
    matchers.some((m) => m.match(relativePath) || (isDirectory && m.match(`${relativePath}/`)));
}

interface GitignoreScope {
  /** Folder of the .gitignore, relative to the root ('' for the root). */
  base: string;
  rules: Ignore;
}

export async function listSourceFiles(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const excluded = excludeMatcher(options.exclude ?? defaultExcludes);
  const maxBytes = options.maxFileBytes ?? Number.POSITIVE_INFINITY;
  const result: WalkResult = { files: [], configFiles: [], tooLarge: [] };

  const isIgnored = (scopes: GitignoreScope[], relativePath: string, isDirectory: boolean) => {
    let ignored = false;
    for (const scope of scopes) {
      const local = scope.base ? relativePath.slice(scope.base.length + 1) : relativePath;
      const verdict = scope.rules.test(isDirectory ? `${local}/` : local);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  };

  const visit = async (relativeDir: string, inherited: GitignoreScope[]): Promise<void> => {
    options.signal?.throwIfAborted();
    const absoluteDir = relativeDir ? path.join(root, relativeDir) : root;
    let entries;
    try {
      entries = await readdir(absoluteDir, { withFileTypes: true });
    } catch (error) {
      options.logger?.warn(`Index: cannot read folder ${absoluteDir}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    let scopes = inherited;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const rules = ignore().add(await readFile(path.join(absoluteDir, '.gitignore'), 'utf8'));
        scopes = [...inherited, { base: relativeDir, rules }];
      } catch (error) {
        options.logger?.warn(`Index: cannot read ${path.join(absoluteDir, '.gitignore')}: ${String(error)}`);
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirectories: string[] = [];
    const stats: Promise<void>[] = [];
    for (const entry of entries) {
      const relativePath = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === '.git' || excluded(relativePath, true) || isIgnored(scopes, relativePath, true)) continue;
        subdirectories.push(relativePath);
      } else if (entry.isFile()) {
        if (excluded(relativePath, false) || isIgnored(scopes, relativePath, false)) continue;
        if (configNames.has(entry.name)) result.configFiles.push(relativePath);
        const language = languageOf(entry.name);
        if (!language) continue;
        const absolute = path.join(absoluteDir, entry.name);
        stats.push(
          stat(absolute).then(
            (info) => {
              if (info.size > maxBytes) result.tooLarge.push(relativePath);
              else result.files.push({ path: relativePath, absolute, language, size: info.size, mtimeMs: info.mtimeMs });
            },
            (error: unknown) => options.logger?.warn(`Index: cannot stat ${absolute}: ${String(error)}`),
          ),
        );
      }
      // Symbolic links are not followed: they loop and duplicate files.
    }
    await Promise.all(stats);
    for (const dir of subdirectories) await visit(dir, scopes);
  };

  await visit('', []);
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
