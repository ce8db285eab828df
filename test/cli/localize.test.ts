import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';

const fixture = path.resolve(__dirname, '../fixtures/localize-py');
const sample = path.resolve(__dirname, '../core/localize/samples/pytest-short.txt');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cli-localize-'));
  // The sample was printed by a copy of the fixture with two bugs; its paths are relative.
  writeFileSync(path.join(tmp, 'failure.txt'), readFileSync(sample, 'utf8'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: process.env, cwd: tmp, signal: new AbortController().signal });
  return { code, stdout, stderr };
}

describe('selfdebug localize', () => {
  it('prints exactly {"suspects":[{file,symbol,startLine,endLine,score,why}]} best first', async () => {
    const { code, stdout } = await run(['localize', fixture, '--failure', 'failure.txt', '--json', '--no-coverage']);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(Object.keys(output)).toEqual(['suspects']);
    expect(output.suspects.length).toBeGreaterThan(3);
    for (const suspect of output.suspects) {
      expect(Object.keys(suspect)).toEqual(['file', 'symbol', 'startLine', 'endLine', 'score', 'why']);
      expect(suspect.file).not.toMatch(/^\/|^tests\//);
      expect(suspect.startLine).toBeLessThanOrEqual(suspect.endLine);
      expect(typeof suspect.why).toBe('string');
    }
    const scores = output.suspects.map((s: { score: number }) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // truncate raised the ValueError on purpose, so it and its caller pad_columns (where the
    // sample's bug is) lead; pad_columns is also called on the failing line of a test.
    expect(output.suspects.slice(0, 2).map((s: { symbol: string }) => s.symbol)).toEqual(['pad_columns', 'truncate']);
    expect(output.suspects[1]).toMatchObject({ file: 'storekit/text.py', symbol: 'truncate', startLine: 28, endLine: 34 });
    expect(output.suspects[1].why).toContain('innermost frame');
    expect(output.suspects.map((s: { symbol: string }) => s.symbol)).toContain('bulk_discount_percent');
  });

  it('localizes a bug report with --query', async () => {
    const { code, stdout } = await run(['localize', fixture, '--query', 'the bulk discount percent tiers are wrong for large quantities', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).suspects[0]).toMatchObject({ file: 'storekit/pricing.py', symbol: 'bulk_discount_percent' });
  });

  it('exits 2 with a clear message for a missing folder, file or input', async () => {
    const missingFolder = await run(['localize', path.join(tmp, 'nope'), '--failure', 'failure.txt', '--json']);
    expect(missingFolder).toMatchObject({ code: 2, stdout: '' });
    expect(missingFolder.stderr).toMatch(/folder not found/);
    const missingFile = await run(['localize', fixture, '--failure', 'nope.txt', '--json']);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toMatch(/failure file not found: nope.txt/);
    const neither = await run(['localize', fixture, '--json']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/--failure <file> or --query/);
  });

  it('exits 2 when the output holds no failing test', async () => {
    writeFileSync(path.join(tmp, 'passing.txt'), '===== 12 passed in 0.10s =====\n');
    const { code, stderr } = await run(['localize', fixture, '--failure', 'passing.txt', '--json', '--no-coverage']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/No failing test found/);
  });
});
