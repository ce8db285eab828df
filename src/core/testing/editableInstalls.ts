// A project installed in editable mode (`pip install -e .`) is imported through its virtualenv's
// site-packages, which point at the ORIGINAL folder: a `.pth` file listing e.g. /proj/src, or a
// setuptools `__editable___*_finder.py` mapping package names to /proj/src/pkg. In a sandbox
// that would import the user's files instead of the candidate's. The fix: put the sandbox's
// copies of those directories first on PYTHONPATH.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!!rel && !rel.startsWith('..') && !path.isAbsolute(rel));
}

const sitePackagesCache = new Map<string, Promise<string[]>>();

/** The site-packages directories of a Python (asked once per interpreter). */
export function sitePackagesOf(python: string): Promise<string[]> {
  let dirs = sitePackagesCache.get(python);
  if (!dirs) {
    dirs = new Promise((resolve) => {
      const script = 'import json, site; print(json.dumps(site.getsitepackages() + [site.getusersitepackages()]))';
      execFile(python, ['-c', script], { timeout: 15_000 }, (error, stdout) => {
        if (error) return resolve([]);
        try {
          resolve(z.array(z.string()).parse(JSON.parse(stdout)));
        } catch {
          resolve([]);
        }
      });
    });
    sitePackagesCache.set(python, dirs);
  }
  return dirs;
}

/** Directories inside `folder` that site-packages put on sys.path (editable installs). */
export async function editableRoots(sitePackages: string[], folder: string): Promise<string[]> {
  const roots = new Set<string>();
  for (const dir of sitePackages) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.endsWith('.pth')) {
        const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
        for (const line of text.split('\n')) {
          const entry = line.trim();
          // Lines starting with "import" are code, not paths.
          if (!entry || entry.startsWith('#') || entry.startsWith('import ') || !path.isAbsolute(entry)) continue;
          if (isInside(path.normalize(entry), folder)) roots.add(path.normalize(entry));
        }
      } else if (/^__editable__.*_finder\.py$/.test(name)) {
        // MAPPING: dict[str, str] = {'pkg': '/proj/src/pkg'} -> the package's parent directory.
        const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
        const mapping = /^MAPPING\s*(?::[^=\n]*)?=\s*(\{.*\})\s*$/m.exec(text)?.[1] ?? '';
        for (const match of mapping.matchAll(/:\s*'((?:[^'\\]|\\.)*)'|:\s*"((?:[^"\\]|\\.)*)"/g)) {
          const target = path.normalize(match[1] ?? match[2]!);
          if (path.isAbsolute(target) && isInside(target, folder)) roots.add(path.dirname(target));
        }
      }
    }
  }
  return [...roots];
}

/** The sandbox copies of the folder's editable-install directories, for PYTHONPATH. */
export async function sandboxPythonPath(python: string, folder: string, runDir: string): Promise<string[]> {
  const roots = await editableRoots(await sitePackagesOf(python), folder);
  return roots.map((root) => path.join(runDir, path.relative(folder, root)));
}
