import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excludeMatcher, listSourceFiles } from '../../../src/core/index/walker';

let root: string;

function write(relative: string, text = 'x = 1\n'): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-walk-'));
  write('.gitignore', 'build/\n*.log\ngen_*.py\n');
  write('app.py');
  write('notes.md', '# not source');
  write('build/out.py');
  write('gen_models.py');
  write('pkg/.gitignore', 'local.py\n!gen_keep.py\n');
  write('pkg/local.py');
  write('pkg/gen_keep.py');
  write('pkg/mod.ts', 'export const a = 1;\n');
  write('pkg/tsconfig.json', '{}');
  write('node_modules/dep/index.js');
  write('.git/hooks/x.py');
  write('big.py', 'x = 1\n'.repeat(100));
  write('skipme/deep/a.py');
  symlinkSync(path.join(root, 'pkg'), path.join(root, 'loop'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('source file walker', () => {
  it('honours nested .gitignore files (with negations), the exclude globs and skips links', async () => {
    const result = await listSourceFiles(root, { exclude: ['**/node_modules', 'skipme/**'] });
    expect(result.files.map((f) => f.path)).toEqual(['app.py', 'big.py', 'pkg/gen_keep.py', 'pkg/mod.ts']);
    expect(result.files.find((f) => f.path === 'pkg/mod.ts')).toMatchObject({ language: 'typescript', absolute: path.join(root, 'pkg/mod.ts') });
    expect(result.configFiles).toEqual(['pkg/tsconfig.json']);
  });

  it('lists files over the size limit separately', async () => {
    const result = await listSourceFiles(root, { exclude: ['**/node_modules'], maxFileBytes: 100 });
    expect(result.tooLarge).toEqual(['big.py']);
    expect(result.files.map((f) => f.path)).not.toContain('big.py');
  });

  it('can be cancelled', async () => {
    await expect(listSourceFiles(root, { signal: AbortSignal.abort(new Error('stop')) })).rejects.toThrow('stop');
  });

  it('matches VS Code style exclude globs against folders and files', () => {
    const excluded = excludeMatcher(['**/.git', '**/*.{gen,tmp}.ts', 'out/']);
    expect(excluded('a/.git', true)).toBe(true);
    expect(excluded('src/x.gen.ts', false)).toBe(true);
    expect(excluded('src/x.ts', false)).toBe(false);
    expect(excluded('out', true)).toBe(true);
  });
});
