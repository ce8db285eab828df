// Isolated copies of a workspace folder for candidate runs: a candidate's files are never written
// into the user's folder. A sandbox mirrors the folder with real directories and copied files
// (reflinks where the file system has them); only dependency folders are linked:
//   - node_modules becomes a real directory of symlinks to each package (of the folder's own
//     node_modules and of every parent's, nearest first, as Node resolves them), so tool caches
//     such as node_modules/.vite are written into the sandbox, not the user's folder;
//   - a virtualenv (a folder with pyvenv.cfg) is one symlink.
// Source files are never symlinked: Node and vite resolve symlinks to real paths, so a linked
// source file would import its siblings from the original tree instead of the candidate's.
// Sandboxes are pooled per folder; reusing one only re-copies what changed since its last use,
// restores files the previous candidate changed and removes files a previous run created.
import { randomBytes, createHash } from 'node:crypto';
import { constants, existsSync, readdirSync, rmSync } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from '../ports';

/** Never copied: version control, caches, tool state. */
const skippedNames = new Set(['.git', '.hg', '.svn', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.selfdebug', '.DS_Store']);
/** Tool caches inside node_modules that must be written into the sandbox, not linked. */
const nodeModulesCaches = new Set(['.cache', '.vite', '.vite-temp', '.vitest']);

interface FileState {
  size: number;
  mtimeMs: number;
}

interface TreeScan {
  files: Map<string, FileState>;
  dirs: Set<string>;
  /** Relative path -> what it becomes in the sandbox. */
  links: Map<string, { kind: 'node_modules' } | { kind: 'venv' } | { kind: 'symlink'; target: string }>;
}

export interface SandboxOptions {
  /** Where sandboxes are made. Default: <tmp>/selfdebug-sandboxes. */
  baseDir?: string;
  logger?: Logger;
  /** Idle sandboxes kept for reuse. Default 4. */
  maxIdle?: number;
}

export interface Sandbox {
  /** The sandbox copy of the folder (same base name as the folder). */
  root: string;
  /** Returns it to the pool (or removes it). */
  release(): Promise<void>;
}

function isVirtualenv(dir: string): boolean {
  return existsSync(path.join(dir, 'pyvenv.cfg'));
}

async function scanTree(folder: string): Promise<TreeScan> {
  const scan: TreeScan = { files: new Map(), dirs: new Set(), links: new Map() };
  const walk = async (rel: string): Promise<void> => {
    const abs = path.join(folder, rel);
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch {
      return;
    }
    await Promise.all(
      entries.map(async (entry) => {
        if (skippedNames.has(entry.name)) return;
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        const childAbs = path.join(abs, entry.name);
        if (entry.isSymbolicLink()) {
          scan.links.set(childRel, { kind: 'symlink', target: await readlink(childAbs) });
        } else if (entry.isDirectory()) {
          if (entry.name === 'node_modules') scan.links.set(childRel, { kind: 'node_modules' });
          else if (isVirtualenv(childAbs)) scan.links.set(childRel, { kind: 'venv' });
          else {
            scan.dirs.add(childRel);
            await walk(childRel);
          }
        } else if (entry.isFile()) {
          const stat = await lstat(childAbs);
          scan.files.set(childRel, { size: stat.size, mtimeMs: stat.mtimeMs });
        }
      }),
    );
  };
  await walk('');
  return scan;
}

/** The node_modules folders Node would search from `dir` upwards, nearest first. */
function nodeModulesChain(dir: string): string[] {
  const chain: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules');
    if (existsSync(candidate)) chain.push(candidate);
    if (path.dirname(current) === current) return chain;
  }
}

/** A real node_modules directory holding one symlink per package of `chain` (nearest wins). */
async function mirrorNodeModules(target: string, chain: string[]): Promise<void> {
  await mkdir(target, { recursive: true });
  const taken = new Set(await readdir(target));
  for (const source of chain) {
    let names: string[];
    try {
      names = await readdir(source);
    } catch {
      continue;
    }
    await Promise.all(
      names
        .filter((name) => !taken.has(name) && !nodeModulesCaches.has(name))
        .map(async (name) => {
          taken.add(name);
          await symlink(path.join(source, name), path.join(target, name)).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'EEXIST') throw error;
          });
        }),
    );
  }
}

/** Validates an overlay path: relative, inside the folder. */
export function overlayPath(root: string, rel: string): string {
  const normalized = rel.split('\\').join('/');
  const abs = path.resolve(root, normalized);
  const back = path.relative(root, abs);
  if (!back || back.startsWith('..') || path.isAbsolute(back) || path.isAbsolute(normalized)) {
    throw new Error(`Overlay path ${rel} is not a file inside the folder`);
  }
  return abs;
}

const sandboxDirPrefix = 'sbx-';

/** One sandbox copy and what it holds, so it can be brought up to date cheaply. */
class SandboxCopy {
  /** Files copied from the folder: the folder file's state when copied, and the copy's state after. */
  private copied = new Map<string, { source: FileState; copy: FileState }>();
  private dirs = new Set<string>();
  private linked = new Set<string>();
  /** Files the current overlay wrote. */
  private overlaid = new Set<string>();

  constructor(
    readonly folder: string,
    readonly container: string,
  ) {}

  get root(): string {
    return path.join(this.container, path.basename(this.folder));
  }

  private async copyIn(rel: string, source: FileState): Promise<void> {
    const target = path.join(this.root, rel);
    await rm(target, { force: true, recursive: true });
    // Reflink when the file system can (a copy-on-write clone), else a plain copy.
    await copyFile(path.join(this.folder, rel), target, constants.COPYFILE_FICLONE);
    const stat = await lstat(target);
    this.copied.set(rel, { source, copy: { size: stat.size, mtimeMs: stat.mtimeMs } });
  }

  /** Brings the copy in line with the folder's current state and undoes what earlier runs did to it. */
  async sync(scan: TreeScan): Promise<void> {
    await mkdir(this.root, { recursive: true });
    // Parents before children.
    for (const dir of [...scan.dirs].sort()) {
      if (this.dirs.has(dir)) continue;
      const target = path.join(this.root, dir);
      const existing = await lstat(target).catch(() => undefined);
      if (existing && !existing.isDirectory()) await rm(target, { force: true });
      await mkdir(target, { recursive: true });
      this.dirs.add(dir);
    }
    for (const [rel, link] of scan.links) {
      if (this.linked.has(rel)) continue;
      const target = path.join(this.root, rel);
      await rm(target, { force: true, recursive: true });
      if (link.kind === 'node_modules') await mirrorNodeModules(target, nodeModulesChain(path.dirname(path.join(this.folder, rel))));
      else if (link.kind === 'venv') await symlink(path.join(this.folder, rel), target);
      else await symlink(link.target, target);
      this.linked.add(rel);
    }
    // Packages of parent folders' node_modules, for a folder that has none of its own.
    if (!scan.links.has('node_modules') && !this.linked.has('node_modules')) {
      const chain = nodeModulesChain(path.dirname(this.folder));
      if (chain.length) {
        await mirrorNodeModules(path.join(this.root, 'node_modules'), chain);
        this.linked.add('node_modules');
      }
    }
    const touched = await this.removeExtras(scan);
    const limit = pLimit(32);
    const copies: Promise<void>[] = [];
    for (const [rel, state] of scan.files) {
      const known = this.copied.get(rel)?.source;
      const stale = !known || known.size !== state.size || known.mtimeMs !== state.mtimeMs;
      if (stale || this.overlaid.has(rel) || touched.has(rel)) copies.push(limit(() => this.copyIn(rel, state)));
    }
    await Promise.all(copies);
    this.overlaid.clear();
  }

  /**
   * Deletes what is in the sandbox but not in the folder (files tests created, files deleted
   * since) and returns the copied files a run has modified since they were copied.
   */
  private async removeExtras(scan: TreeScan): Promise<Set<string>> {
    const touched = new Set<string>();
    const limit = pLimit(32);
    const walk = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(path.join(this.root, rel), { withFileTypes: true });
      } catch {
        return;
      }
      await Promise.all(
        entries.map(async (entry) => {
          const childRel = rel ? `${rel}/${entry.name}` : entry.name;
          const abs = path.join(this.root, childRel);
          if (this.linked.has(childRel)) return;
          if (entry.isDirectory() && scan.dirs.has(childRel)) return walk(childRel);
          if (entry.isFile() && scan.files.has(childRel)) {
            const recorded = this.copied.get(childRel)?.copy;
            if (recorded) {
              const stat = await limit(() => lstat(abs));
              if (stat.size !== recorded.size || stat.mtimeMs !== recorded.mtimeMs) touched.add(childRel);
            }
            return;
          }
          // __pycache__ and friends are harmless and speed up the next run.
          if (entry.isDirectory() && skippedNames.has(entry.name)) return;
          await rm(abs, { recursive: true, force: true });
          for (const known of [this.copied, this.dirs] as const) known.delete(childRel);
        }),
      );
    };
    await walk('');
    // Links the folder no longer has.
    for (const rel of [...this.linked]) {
      if (scan.links.has(rel) || (rel === 'node_modules' && !scan.dirs.has(rel))) continue;
      await rm(path.join(this.root, rel), { recursive: true, force: true });
      this.linked.delete(rel);
    }
    return touched;
  }

  async applyOverlay(overlay: Record<string, string>): Promise<void> {
    for (const [rel, text] of Object.entries(overlay)) {
      const target = overlayPath(this.root, rel);
      const normalized = path.relative(this.root, target).split(path.sep).join('/');
      // Writing under a link would write into the user's folder (or their dependencies).
      const parts = normalized.split('/');
      for (let i = 1; i <= parts.length; i++) {
        if (this.linked.has(parts.slice(0, i).join('/'))) throw new Error(`Overlay path ${rel} is inside a linked folder (${parts.slice(0, i).join('/')})`);
      }
      await mkdir(path.dirname(target), { recursive: true });
      await rm(target, { force: true });
      await writeFile(target, text);
      this.overlaid.add(normalized);
    }
  }

  async remove(): Promise<void> {
    await rm(this.container, { recursive: true, force: true });
  }
}

/** Sandboxes of one folder, reused between runs. */
export class SandboxPool {
  private readonly idle: SandboxCopy[] = [];
  private readonly all = new Set<SandboxCopy>();
  private readonly baseDir: string;
  private disposed = false;

  constructor(
    readonly folder: string,
    private readonly options: SandboxOptions = {},
  ) {
    this.baseDir = options.baseDir ?? defaultSandboxBase();
  }

  /** A sandbox holding the folder's current files with `overlay` (relative path -> text) written over them. */
  async acquire(overlay: Record<string, string>): Promise<Sandbox> {
    if (this.disposed) throw new Error('The sandbox pool was disposed');
    for (const rel of Object.keys(overlay)) overlayPath(this.folder, rel);
    const started = Date.now();
    const scan = await scanTree(this.folder);
    let copy = this.idle.pop();
    const reused = !!copy;
    if (!copy) {
      const hash = createHash('sha1').update(this.folder).digest('hex').slice(0, 8);
      const container = path.join(this.baseDir, `${sandboxDirPrefix}${process.pid}-${hash}-${randomBytes(4).toString('hex')}`);
      copy = new SandboxCopy(this.folder, container);
      this.all.add(copy);
    }
    try {
      await copy.sync(scan);
      await copy.applyOverlay(overlay);
    } catch (error) {
      this.all.delete(copy);
      await copy.remove();
      throw error;
    }
    this.options.logger?.debug(`Sandbox ${reused ? 'reused' : 'created'} in ${Date.now() - started} ms (${scan.files.size} files): ${copy.root}`);
    const taken = copy;
    let released = false;
    return {
      root: taken.root,
      release: async () => {
        if (released) return;
        released = true;
        if (this.disposed || this.idle.length >= (this.options.maxIdle ?? 4)) {
          this.all.delete(taken);
          await taken.remove();
        } else this.idle.push(taken);
      },
    };
  }

  /** Removes every sandbox of this pool (idle ones now; busy ones when released). */
  async dispose(): Promise<void> {
    this.disposed = true;
    const idle = this.idle.splice(0);
    await Promise.all(
      idle.map((copy) => {
        this.all.delete(copy);
        return copy.remove();
      }),
    );
  }

  /** Synchronous last-chance cleanup (process exit). */
  disposeSync(): void {
    this.disposed = true;
    for (const copy of this.all) rmSync(copy.container, { recursive: true, force: true });
    this.all.clear();
    this.idle.length = 0;
  }
}

export function defaultSandboxBase(): string {
  return path.join(os.tmpdir(), 'selfdebug-sandboxes');
}

/** Removes sandboxes left behind by SelfDebug processes that are gone (a crash, a kill -9). */
export function removeStaleSandboxes(baseDir = defaultSandboxBase()): void {
  let names: string[];
  try {
    names = readdirSync(baseDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^sbx-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    rmSync(path.join(baseDir, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
