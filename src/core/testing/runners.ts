// Finds the programs that run tests: a JS runner's entry script (looked up the way Node resolves
// packages, from the folder upwards), the Node executable, and the project's Python (a
// virtualenv in the folder first).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const packageJsonSchema = z.looseObject({
  version: z.string().optional(),
  bin: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
});

export interface NodePackage {
  dir: string;
  version?: string;
  /** Absolute path of the package's command-line entry script. */
  bin?: string;
}

/** The installed package `name` visible from `folder` (folder/node_modules, then each parent's). */
export function findNodePackage(folder: string, name: string, binName = name): NodePackage | undefined {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    const manifest = path.join(candidate, 'package.json');
    if (existsSync(manifest)) {
      const parsed = packageJsonSchema.safeParse(JSON.parse(readFileSync(manifest, 'utf8')));
      if (parsed.success) {
        const { bin, version } = parsed.data;
        const relBin = typeof bin === 'string' ? bin : bin?.[binName];
        return { dir: candidate, version, bin: relBin ? path.join(candidate, relBin) : undefined };
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function majorVersion(version: string | undefined): number | undefined {
  const match = /^(\d+)\./.exec(version ?? '');
  return match ? Number(match[1]) : undefined;
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const full = path.join(dir, command + ext);
      try {
        if (statSync(full).isFile()) return full;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * The Node executable for test runs: `node` on PATH; inside an Electron host (VS Code desktop)
 * process.execPath is Electron, so it is used only as a last resort, in Node mode.
 */
export function nodeExecutable(env: NodeJS.ProcessEnv = process.env): { command: string; env: Record<string, string> } {
  const found = onPath('node', env);
  if (found) return { command: found, env: {} };
  if (process.versions.electron) return { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } };
  return { command: process.execPath, env: {} };
}

const venvNames = ['.venv', 'venv', 'env', '.env'];

/** A virtualenv directly in the folder (`.venv`, `venv`, `env`), recognised by its pyvenv.cfg. */
export function findVirtualenv(folder: string): { dir: string; python: string } | undefined {
  for (const name of venvNames) {
    const dir = path.join(folder, name);
    if (!existsSync(path.join(dir, 'pyvenv.cfg'))) continue;
    const python = process.platform === 'win32' ? path.join(dir, 'Scripts', 'python.exe') : path.join(dir, 'bin', 'python');
    if (existsSync(python)) return { dir, python };
  }
  return undefined;
}

/** The Python to run pytest with: the folder's virtualenv, else python3 (python on Windows). */
export function findPython(folder: string, env: NodeJS.ProcessEnv = process.env): { command: string; venv?: string } {
  const venv = findVirtualenv(folder);
  if (venv) return { command: venv.python, venv: venv.dir };
  if (env.VIRTUAL_ENV) {
    const python = path.join(env.VIRTUAL_ENV, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
    if (existsSync(python)) return { command: python, venv: env.VIRTUAL_ENV };
  }
  const onPathPython = process.platform === 'win32' ? (onPath('python', env) ?? 'python') : (onPath('python3', env) ?? onPath('python', env) ?? 'python3');
  return { command: realInterpreter(onPathPython, folder, env) };
}

const interpreters = new Map<string, { path: string; at: number }>();

/**
 * The interpreter behind a launcher such as a pyenv shim (a shell script that costs a few hundred
 * milliseconds per start), asked from the folder so version files there still choose it.
 * Remembered for a minute.
 */
function realInterpreter(command: string, folder: string, env: NodeJS.ProcessEnv): string {
  const key = `${command}\0${folder}`;
  const known = interpreters.get(key);
  if (known && Date.now() - known.at < 60_000) return known.path;
  let resolved = command;
  try {
    const printed = execFileSync(command, ['-c', 'import sys; print(sys.executable)'], { cwd: folder, env, timeout: 10_000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (printed && existsSync(printed)) resolved = printed;
  } catch {
    // keep the command: running it will report what is wrong, in its words
  }
  interpreters.set(key, { path: resolved, at: Date.now() });
  return resolved;
}
