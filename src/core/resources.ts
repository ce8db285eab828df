// Locates data files (queries, prompt templates, helper scripts, WASM) both when running from
// the sources (vitest, tsx) and from the bundles in dist/ (extension, CLI).
import { existsSync } from 'node:fs';
import path from 'node:path';

let cachedRoot: string | undefined;

/** The folder that holds `resources/` and, when bundled, `wasm/`. */
function dataRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'resources', 'queries'))) return (cachedRoot = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`SelfDebug data files not found above ${__dirname}`);
    dir = parent;
  }
}

/** Path of a file under resources/, e.g. resourcePath('queries', 'python.scm'). */
export function resourcePath(...segments: string[]): string {
  return path.join(dataRoot(), 'resources', ...segments);
}

/** Path of a WASM file: dist/wasm/<name> when bundled, otherwise from the npm package. */
export function wasmPath(fileName: string): string {
  const bundled = path.join(dataRoot(), 'wasm', fileName);
  if (existsSync(bundled)) return bundled;
  const fromPackage: Record<string, string> = {
    'tree-sitter.wasm': 'web-tree-sitter/tree-sitter.wasm',
    'tree-sitter-python.wasm': 'tree-sitter-python/tree-sitter-python.wasm',
    'tree-sitter-javascript.wasm': 'tree-sitter-javascript/tree-sitter-javascript.wasm',
    'tree-sitter-typescript.wasm': 'tree-sitter-typescript/tree-sitter-typescript.wasm',
    'tree-sitter-tsx.wasm': 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  };
  const spec = fromPackage[fileName];
  if (!spec) throw new Error(`Unknown WASM file ${fileName}`);
  const fromNodeModules = path.join(dataRoot(), 'node_modules', spec);
  if (existsSync(fromNodeModules)) return fromNodeModules;
  throw new Error(`WASM file ${fileName} not found (looked in ${bundled} and ${fromNodeModules})`);
}
