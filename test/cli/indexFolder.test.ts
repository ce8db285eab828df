import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';

const fixtures = path.resolve(__dirname, '../fixtures/index');

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    cwd: fixtures,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

describe('selfdebug index', () => {
  it('prints exactly the contract JSON object', async () => {
    const { code, stdout, stderr } = await run('index', 'py', '--json');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['files', 'symbols', 'edges', 'parseErrors', 'ms', 'languages']);
    expect(json).toMatchObject({ files: 8, symbols: 30, languages: { python: 8 } });
    expect(json.edges).toBeGreaterThan(30);
    expect(json.parseErrors).toBeGreaterThan(0);
    expect(typeof json.ms).toBe('number');
  });

  it('counts each language and honours --exclude', async () => {
    const { code, stdout } = await run('index', path.join(fixtures, 'ts'), '--json', '--exclude', 'src/app/**');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ files: 6, languages: { typescript: 4, javascript: 2 }, parseErrors: 0 });
  });

  it('prints a readable summary without --json', async () => {
    const { code, stdout } = await run('index', 'ts');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^8 files \(.*typescript 5.*\), \d+ symbols, \d+ edges, 0 parse errors, 1 skipped, in [\d.]+ s\n$/);
  });

  it('fails clearly on a missing folder, a file, or bad usage', async () => {
    const missing = await run('index', 'no-such-folder', '--json');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`selfdebug index: folder not found: ${path.join(fixtures, 'no-such-folder')}\n`);
    const file = await run('index', 'py/shop/cart.py');
    expect(file.code).toBe(1);
    expect(file.stderr).toMatch(/not a folder/);
    expect((await run('index')).code).toBe(2);
    expect((await run('index', 'py', '--threads', 'many')).stderr).toMatch(/--threads must be/);
    expect((await run('index', 'py', '--bogus')).code).toBe(2);
  });
});
