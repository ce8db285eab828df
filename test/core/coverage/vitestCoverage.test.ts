import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findVitestConfig, collectVitestCoverage, wrapperConfigSource } from '../../../src/core/coverage/vitestCoverage';
import { silentLogger } from '../../../src/core/ports/console';

const fixture = path.resolve(__dirname, '../../fixtures/localize-ts');
let root: string;

beforeAll(() => {
  // A copy with a bug in movingAverage; vitest resolves from the repository's node_modules.
  root = mkdtempSync(path.join(os.tmpdir(), 'vitestcov-'));
  cpSync(fixture, root, { recursive: true });
  symlinkSync(path.resolve(__dirname, '../../../node_modules'), path.join(root, 'node_modules'));
  const file = path.join(root, 'src', 'estimate.ts');
  writeFileSync(file, readFileSync(file, 'utf8').replace('values.slice(from, index + 1)', 'values.slice(from, index)'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('wrapperConfigSource', () => {
  it('loads the project config and appends the setup file', () => {
    const source = wrapperConfigSource('/p/vitest.config.ts', '/s/setup.mjs');
    expect(source).toContain('await import("/p/vitest.config.ts")');
    expect(source).toContain('"/s/setup.mjs"');
    expect(wrapperConfigSource(undefined, '/s/setup.mjs')).toContain('const loaded = {};');
    expect(findVitestConfig(fixture)).toBe(path.join(fixture, 'vitest.config.ts'));
  });
});

describe('collectVitestCoverage', () => {
  it('records per-test TypeScript lines and outcomes', async () => {
    const report = await collectVitestCoverage({ root, timeoutMs: 120_000, signal: new AbortController().signal, logger: silentLogger });
    expect(report).toMatchObject({ framework: 'vitest', granularity: 'test', warnings: [] });
    expect(report.tests).toHaveLength(25);
    const byId = Object.fromEntries(report.tests.map((t) => [t.id, t]));
    const failing = report.tests.filter((t) => t.outcome === 'failed').map((t) => t.id);
    expect(failing).toEqual(['test/estimate.test.ts::estimates > smooths with a moving average']);
    const smooth = byId['test/estimate.test.ts::estimates > smooths with a moving average'];
    // movingAverage is lines 19-28 of src/estimate.ts; sumDurations (34-36) of src/duration.ts.
    expect(smooth.lines['src/estimate.ts']).toEqual(expect.arrayContaining([20, 21, 22, 23, 24, 25]));
    expect(smooth.lines['src/duration.ts']).toEqual(expect.arrayContaining([35]));
    expect(smooth.lines['src/duration.ts']).not.toContain(8);
    expect(smooth.lines['src/board.ts']).toBeUndefined();
    const sums = byId['test/duration.test.ts::sums durations'];
    expect(sums.outcome).toBe('passed');
    expect(Object.keys(sums.lines).filter((f) => f.startsWith('src/'))).toEqual(['src/duration.ts']);
  });
});
