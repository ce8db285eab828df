// Test runs leave caches behind (__pycache__, .pytest_cache, pytest-benchmark's .benchmarks...).
// The benchmark notes which cache folders a project had before it started and removes only the
// ones its own runs created, so the project is left as it was found.
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export const RUNNER_CACHE_DIRS = new Set(['__pycache__', '.pytest_cache', '.benchmarks', '.hypothesis', '.mypy_cache', '.ruff_cache']);
const NEVER_ENTER = new Set(['.git', 'node_modules', '.venv', 'venv', '.tox']);

/** Relative paths of the cache folders in a project (not looking inside node_modules or virtualenvs). */
export function findCacheDirs(root: string, limit = 20_000): Set<string> {
  const found = new Set<string>();
  const stack = [''];
  let visited = 0;
  while (stack.length && visited < limit) {
    const relative = stack.pop()!;
    visited++;
    let names: string[];
    try {
      names = readdirSync(path.join(root, relative));
    } catch {
      continue;
    }
    for (const name of names) {
      const child = relative ? `${relative}/${name}` : name;
      let stat;
      try {
        stat = lstatSync(path.join(root, child));
      } catch {
        continue;
      }
      if (!stat.isDirectory()) continue;
      if (RUNNER_CACHE_DIRS.has(name)) found.add(child);
      else if (!NEVER_ENTER.has(name)) stack.push(child);
    }
  }
  return found;
}

/** Removes cache folders that were not there before; returns what it removed. */
export function removeNewCacheDirs(root: string, before: Set<string>): string[] {
  const removed: string[] = [];
  for (const dir of findCacheDirs(root)) {
    if (before.has(dir)) continue;
    rmSync(path.join(root, dir), { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
