import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxPool, overlayPath, removeStaleSandboxes } from '../../../src/core/testing/sandbox';

const base = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-sandbox-test-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function tree(root: string, files: Record<string, string>): string {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** A project inside a parent that has its own node_modules (like the fixtures in this repository). */
function makeProject(name: string): { parent: string; folder: string } {
  const parent = path.join(base, name);
  tree(parent, { 'node_modules/shared-lib/index.js': 'module.exports = "parent";', 'node_modules/only-parent/index.js': 'module.exports = 1;' });
  const folder = tree(path.join(parent, 'proj'), {
    'src/a.js': "module.exports = require('./b');",
    'src/b.js': "module.exports = 'original b';",
    'tests/a.test.js': 'test',
    'node_modules/shared-lib/index.js': 'module.exports = "own";',
    'node_modules/.vite/cache.json': '{}',
    '.venv/pyvenv.cfg': 'home = /usr/bin',
    '.venv/lib/site.py': '',
    '.git/HEAD': 'ref',
    '__pycache__/x.pyc': '',
  });
  symlinkSync('src/a.js', path.join(folder, 'link-to-a.js'));
  return { parent, folder };
}

const sandboxBase = path.join(base, 'sandboxes');

describe('SandboxPool', () => {
  it('copies the folder with real files and directories and writes the overlay only there', async () => {
    const { folder } = makeProject('copy');
    const pool = new SandboxPool(folder, { baseDir: sandboxBase });
    const sandbox = await pool.acquire({ 'src/b.js': "module.exports = 'candidate b';", 'src/new.js': 'new' });
    expect(path.basename(sandbox.root)).toBe('proj');
    expect(lstatSync(path.join(sandbox.root, 'src')).isDirectory()).toBe(true);
    expect(lstatSync(path.join(sandbox.root, 'src/a.js')).isFile()).toBe(true);
    expect(readFileSync(path.join(sandbox.root, 'src/b.js'), 'utf8')).toContain('candidate b');
    expect(readFileSync(path.join(folder, 'src/b.js'), 'utf8')).toContain('original b');
    expect(existsSync(path.join(folder, 'src/new.js'))).toBe(false);
    // Version control and caches are not copied; the user's symlinks are kept as they are.
    expect(existsSync(path.join(sandbox.root, '.git'))).toBe(false);
    expect(existsSync(path.join(sandbox.root, '__pycache__'))).toBe(false);
    expect(readlinkSync(path.join(sandbox.root, 'link-to-a.js'))).toBe('src/a.js');
    await sandbox.release();
    await pool.dispose();
  });

  it('lets Node resolve modules to the candidate files, not the originals', async () => {
    const { folder } = makeProject('resolve');
    const pool = new SandboxPool(folder, { baseDir: sandboxBase });
    const sandbox = await pool.acquire({ 'src/b.js': "module.exports = 'candidate b';" });
    const out = execFileSync(process.execPath, ['-e', "console.log(require('./src/a'), require('shared-lib'), require('only-parent'))"], { cwd: sandbox.root, encoding: 'utf8' });
    expect(out.trim()).toBe('candidate b own 1');
    await sandbox.release();
    await pool.dispose();
  });

  it('links dependencies: node_modules as a directory of package links (parents merged, nearest first), a virtualenv as one link', async () => {
    const { parent, folder } = makeProject('links');
    const pool = new SandboxPool(folder, { baseDir: sandboxBase });
    const sandbox = await pool.acquire({});
    const nodeModules = path.join(sandbox.root, 'node_modules');
    expect(lstatSync(nodeModules).isDirectory()).toBe(true);
    expect(realpathSync(path.join(nodeModules, 'shared-lib'))).toBe(realpathSync(path.join(folder, 'node_modules/shared-lib')));
    expect(realpathSync(path.join(nodeModules, 'only-parent'))).toBe(realpathSync(path.join(parent, 'node_modules/only-parent')));
    // Tool caches are not linked, so a run writes its cache into the sandbox.
    expect(existsSync(path.join(nodeModules, '.vite'))).toBe(false);
    mkdirSync(path.join(nodeModules, '.vite'));
    writeFileSync(path.join(nodeModules, '.vite/results.json'), '{}');
    expect(existsSync(path.join(folder, 'node_modules/.vite/results.json'))).toBe(false);
    expect(lstatSync(path.join(sandbox.root, '.venv')).isSymbolicLink()).toBe(true);
    await sandbox.release();
    await pool.dispose();
  });

  it('brings a reused sandbox up to date and undoes the previous run', async () => {
    const { folder } = makeProject('reuse');
    const pool = new SandboxPool(folder, { baseDir: sandboxBase });
    const first = await pool.acquire({ 'src/b.js': 'candidate 1', 'src/extra.js': 'from candidate 1' });
    const root = first.root;
    writeFileSync(path.join(root, 'tests/output.txt'), 'left by a test');
    writeFileSync(path.join(root, 'src/a.js'), 'a test scribbled here');
    await first.release();

    writeFileSync(path.join(folder, 'tests/a.test.js'), 'edited by the user since');
    rmSync(path.join(folder, 'link-to-a.js'));
    const second = await pool.acquire({ 'tests/a.test.js': 'candidate 2 test' });
    expect(second.root).toBe(root);
    expect(readFileSync(path.join(root, 'src/b.js'), 'utf8')).toBe("module.exports = 'original b';");
    expect(readFileSync(path.join(root, 'src/a.js'), 'utf8')).toBe("module.exports = require('./b');");
    expect(readFileSync(path.join(root, 'tests/a.test.js'), 'utf8')).toBe('candidate 2 test');
    expect(existsSync(path.join(root, 'src/extra.js'))).toBe(false);
    expect(existsSync(path.join(root, 'tests/output.txt'))).toBe(false);
    expect(existsSync(path.join(root, 'link-to-a.js'))).toBe(false);
    await second.release();

    const third = await pool.acquire({});
    expect(readFileSync(path.join(root, 'tests/a.test.js'), 'utf8')).toBe('edited by the user since');
    await third.release();
    await pool.dispose();
    expect(existsSync(root)).toBe(false);
  });

  it('gives parallel runs different sandboxes', async () => {
    const { folder } = makeProject('parallel');
    const pool = new SandboxPool(folder, { baseDir: sandboxBase });
    const [a, b] = await Promise.all([pool.acquire({ 'src/b.js': 'A' }), pool.acquire({ 'src/b.js': 'B' })]);
    expect(a.root).not.toBe(b.root);
    expect(readFileSync(path.join(a.root, 'src/b.js'), 'utf8')).toBe('A');
    expect(readFileSync(path.join(b.root, 'src/b.js'), 'utf8')).toBe('B');
    await Promise.all([a.release(), b.release()]);
    await pool.dispose();
  });

  it('refuses overlay paths outside the folder or inside a linked dependency folder', async () => {
    const { folder } = makeProject('refuse');
    const pool = new SandboxPool(folder, { baseDir: sandboxBase });
    await expect(pool.acquire({ '../escape.js': 'x' })).rejects.toThrow(/not a file inside the folder/);
    await expect(pool.acquire({ [path.join(folder, 'abs.js')]: 'x' })).rejects.toThrow(/not a file inside the folder/);
    await expect(pool.acquire({ 'node_modules/shared-lib/index.js': 'x' })).rejects.toThrow(/inside a linked folder/);
    await expect(pool.acquire({ '.venv/lib/site.py': 'x' })).rejects.toThrow(/inside a linked folder/);
    expect(readFileSync(path.join(folder, 'node_modules/shared-lib/index.js'), 'utf8')).toBe('module.exports = "own";');
    expect(() => overlayPath('/w/p', 'a/../../b')).toThrow();
    await pool.dispose();
  });

  it('removes sandboxes of processes that are gone', () => {
    const stale = path.join(sandboxBase, 'sbx-999999999-abc-def');
    mkdirSync(stale, { recursive: true });
    const mine = path.join(sandboxBase, `sbx-${process.pid}-abc-def`);
    mkdirSync(mine, { recursive: true });
    removeStaleSandboxes(sandboxBase);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(mine)).toBe(true);
  });
});
