import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';

const fixtures = path.resolve(__dirname, '../fixtures');

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: process.env,
    cwd: fixtures,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

const contractKeys = ['framework', 'command', 'passed', 'failed', 'skipped', 'errors', 'ms', 'failures'];

describe('selfdebug test', () => {
  it('prints the contract JSON for a pytest run and exits 0 although tests fail', async () => {
    const { code, stdout, stderr } = await cli('test', 'pytest', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(stdout);
    expect(Object.keys(json).slice(0, contractKeys.length)).toEqual(contractKeys);
    expect(json).toMatchObject({ framework: 'pytest', passed: 5, failed: 4, skipped: 1, errors: 1 });
    expect(typeof json.command).toBe('string');
    expect(typeof json.ms).toBe('number');
    const failure = json.failures.find((f: { id: string }) => f.id === 'tests/test_cart.py::test_total_multiplies_by_quantity');
    expect(failure).toMatchObject({ file: 'tests/test_cart.py', line: 12, expected: '6', actual: '2' });
    expect(typeof failure.message).toBe('string');
    for (const frame of failure.stack) expect(Object.keys(frame)).toEqual(['file', 'line', 'function', 'inWorkspace']);
  });

  it('runs one test with --test and one file with --file', async () => {
    const byId = JSON.parse((await cli('test', 'vitest', '--test', 'tests/cart.test.js::Cart > multiplies price by quantity', '--json')).stdout);
    expect(byId).toMatchObject({ framework: 'vitest', passed: 0, failed: 1, errors: 0 });
    expect(byId.failures[0]).toMatchObject({ id: 'tests/cart.test.js::Cart > multiplies price by quantity', line: 9, expected: '6', actual: '2' });
    const byFile = JSON.parse((await cli('test', path.join(fixtures, 'mocha'), '--file', 'tests/names.test.js', '--json')).stdout);
    expect(byFile).toMatchObject({ framework: 'mocha', passed: 1, failed: 1, skipped: 0 });
  });

  it('reports collection errors as errors, still exiting 0', async () => {
    const { code, stdout } = await cli('test', 'jest-broken', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ framework: 'jest', passed: 1, errors: 2 });
    expect(json.collectionErrors.map((e: { file: string }) => e.file).sort()).toEqual(['tests/missing.test.js', 'tests/syntax.test.js']);
  });

  it('prints runner output and a readable summary without --json', async () => {
    const { code, stdout } = await cli('test', 'node-test', '--file', 'tests/names.test.js');
    expect(code).toBe(0);
    expect(stdout).toContain('compares objects');
    expect(stdout).toMatch(/FAIL tests\/names\.test\.js::compares objects \(tests\/names\.test\.js:4\)/);
    expect(stdout).toMatch(/node-test: 1 passed, 1 failed, 0 skipped, 0 errors in/);
  });

  it('exits non-zero with a message when the tests cannot be run', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-cli-'));
    const noFramework = await cli('test', empty, '--json');
    expect(noFramework.code).toBe(1);
    expect(noFramework.stdout).toBe('');
    expect(noFramework.stderr).toMatch(/No test framework found/);

    const missingFolder = await cli('test', path.join(empty, 'nope'), '--json');
    expect(missingFolder.code).toBe(1);
    expect(missingFolder.stderr).toMatch(/is not a folder/);

    const timedOut = await cli('test', 'node-test-hang', '--timeout', '1', '--json');
    expect(timedOut.code).toBe(1);
    expect(timedOut.stderr).toMatch(/could not run the node-test tests: Timed out after/);
  });

  it('rejects bad usage with exit code 2', async () => {
    expect((await cli('test', '--json')).code).toBe(2);
    expect((await cli('test', 'pytest', '--framework', 'nose')).code).toBe(2);
    expect((await cli('test', 'pytest', '--timeout', 'soon')).code).toBe(2);
    expect((await cli('test', 'pytest', '--bogus')).code).toBe(2);
  });
});
