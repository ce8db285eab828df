// Maps paths the runners print (absolute, relative to the run directory, file:// URLs, paths in
// a sandbox) to what the contract wants: '/'-separated paths relative to the workspace folder for
// workspace files, absolute paths for everything else.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders whose files are dependencies or caches, never the user's code. */
const dependencySegments = new Set(['node_modules', 'site-packages', 'dist-packages', '.venv', 'venv', '.tox', '.nox', '__pypackages__']);

export interface PathContext {
  /** The workspace folder (absolute). */
  folder: string;
  /** Where the runner ran: the folder itself or a sandbox copy of it (absolute). */
  runDir: string;
  /** Extra folders (virtualenvs) whose files are not the user's code. */
  dependencyDirs?: string[];
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!!rel && !rel.startsWith('..') && !path.isAbsolute(rel));
}

/** An absolute path for what a runner printed (relative paths are relative to the run directory). */
export function absolutePath(raw: string, ctx: PathContext): string {
  let p = raw.trim();
  if (p.startsWith('file://')) {
    try {
      p = fileURLToPath(p);
    } catch {
      // keep as is
    }
  }
  return path.isAbsolute(p) ? path.normalize(p) : path.resolve(ctx.runDir, p);
}

export interface MappedPath {
  /** Relative to the folder ('/'-separated) when in the workspace, else absolute. */
  file: string;
  inWorkspace: boolean;
}

/** Maps a printed path; `node:internal/...` and `<anonymous>` stay as they are and are not in the workspace. */
export function mapPath(raw: string, ctx: PathContext): MappedPath {
  if (/^(node|internal|bun|deno):|^<.*>$|^\[.*\]$/.test(raw) || raw === 'native') return { file: raw, inWorkspace: false };
  const abs = absolutePath(raw, ctx);
  for (const root of [ctx.runDir, ctx.folder]) {
    if (!isInside(abs, root)) continue;
    const rel = toPosix(path.relative(root, abs));
    const inDependency = rel.split('/').some((segment) => dependencySegments.has(segment)) || (ctx.dependencyDirs ?? []).some((dir) => isInside(abs, dir));
    // A dependency inside the folder keeps its absolute path in the original folder.
    if (inDependency) return { file: path.join(ctx.folder, rel), inWorkspace: false };
    return { file: rel, inWorkspace: true };
  }
  return { file: abs, inWorkspace: false };
}

/** The folder-relative path of a test file a runner reported. */
export function relativeTestFile(raw: string, ctx: PathContext): string {
  return mapPath(raw, ctx).file;
}
