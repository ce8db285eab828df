import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectPropertyLibrary } from '../../../src/core/generate/propertyLibrary';

const repoNodeModules = path.join(__dirname, '../../../node_modules');
const made: string[] = [];
function folder(files: Record<string, string>, linkNodeModules = false): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-proplib-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  if (linkNodeModules) symlinkSync(repoNodeModules, path.join(dir, 'node_modules'), 'dir');
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('detectPropertyLibrary', () => {
  it('offers fast-check when the project depends on it and it is installed', async () => {
    const dir = folder({ 'package.json': JSON.stringify({ devDependencies: { vitest: '4.1.12', 'fast-check': '4.10.2' } }) }, true);
    expect(await detectPropertyLibrary({ folder: dir, language: 'typescript' })).toBe('fast-check');
  });

  it('does not offer fast-check that is merely installed, or declared but missing', async () => {
    expect(await detectPropertyLibrary({ folder: folder({ 'package.json': '{"devDependencies":{"vitest":"4"}}' }, true), language: 'typescript' })).toBeUndefined();
    expect(await detectPropertyLibrary({ folder: folder({ 'package.json': '{"devDependencies":{"fast-check":"4"}}' }), language: 'javascript' })).toBeUndefined();
    expect(await detectPropertyLibrary({ folder: folder({ 'package.json': 'not json' }), language: 'javascript' })).toBeUndefined();
  });

  it('offers hypothesis only when the project declares it and its Python imports it', async () => {
    expect(await detectPropertyLibrary({ folder: folder({ 'pyproject.toml': '[project]\nname = "x"\n' }), language: 'python' })).toBeUndefined();
    // Declared, but the project's Python cannot import it (`false` stands in for such a Python).
    const declared = folder({ 'requirements-dev.txt': 'pytest\nhypothesis>=6\n' });
    expect(await detectPropertyLibrary({ folder: declared, language: 'python', python: 'false' })).toBeUndefined();
    // A Python that can import it (a stub module on PYTHONPATH stands in for the package).
    const stub = folder({ 'site/hypothesis/__init__.py': '' });
    expect(await detectPropertyLibrary({ folder: declared, language: 'python', env: { ...process.env, PYTHONPATH: path.join(stub, 'site') } })).toBe('hypothesis');
  });
});
