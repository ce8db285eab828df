import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCoverage, coverageSupported } from '../../../src/core/coverage/collectCoverage';
import { CoverageError } from '../../../src/core/coverage/collectOptions';
import { collectMochaCoverage, defaultMochaCommand, mochaCoverageCommand } from '../../../src/core/coverage/mochaCoverage';
import { silentLogger } from '../../../src/core/ports/console';
import { runTests } from '../../../src/core/testing/runTests';

const fixture = path.resolve(__dirname, '../../fixtures/mocha');
const repoModules = path.resolve(__dirname, '../../../node_modules');
const roots: string[] = [];

/** A copy of the mocha fixture (src/cart.js ignores the quantity) that resolves mocha from the repository. */
function copy(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mochacov-'));
  cpSync(fixture, root, { recursive: true });
  symlinkSync(repoModules, path.join(root, 'node_modules'));
  roots.push(root);
  return root;
}

const options = () => ({ timeoutMs: 120_000, signal: new AbortController().signal, logger: silentLogger });

let root: string;
beforeAll(() => {
  root = copy();
});
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

describe('mochaCoverageCommand', () => {
  it('appends the hook plugin, after `--` for package scripts', () => {
    expect(mochaCoverageCommand('npx mocha')).toMatch(/^npx mocha --require \S+mocha-coverage-hooks\.cjs --no-color$/);
    expect(mochaCoverageCommand('npm test')).toMatch(/^npm test -- --require /);
    expect(defaultMochaCommand(fixture)).toContain(path.join('node_modules', 'mocha'));
    expect(coverageSupported('mocha')).toBe(true);
  });
});

describe('collectMochaCoverage', () => {
  it('records per-test lines under the ids and outcomes runTests reports', async () => {
    // Through collectCoverage, which detects mocha in the folder.
    const [collected, run] = await Promise.all([collectCoverage({ root, ...options() }), runTests({ folder: root })]);
    const report = collected!;
    expect(report).toMatchObject({ framework: 'mocha', granularity: 'test', warnings: [] });
    const ran = run.tests.filter((t) => t.status !== 'skipped');
    expect(report.tests.map((t) => t.id).sort()).toEqual(ran.map((t) => t.id).sort());
    const outcomes = Object.fromEntries(report.tests.map((t) => [t.id, t.outcome]));
    for (const test of ran) expect(outcomes[test.id]).toBe(test.status);
    expect(report.tests.filter((t) => t.outcome === 'failed').map((t) => t.id).sort()).toEqual([
      'tests/cart.test.js::Cart > applies a discount given as an object',
      'tests/cart.test.js::Cart > multiplies price by quantity',
      'tests/names.test.js::compares objects',
    ]);
    const byId = Object.fromEntries(report.tests.map((t) => [t.id, t]));
    // total is lines 2-4 of src/cart.js, applyDiscount 6-8.
    const passing = byId['tests/cart.test.js::Cart > totals an empty cart as zero'];
    expect(passing.lines['src/cart.js']).toContain(3);
    expect(passing.lines['src/cart.js']).not.toContain(7);
    expect(passing.lines['tests/cart.test.js']).toEqual([6]);
    const failing = byId['tests/cart.test.js::Cart > applies a discount given as an object'];
    expect(failing.lines['src/cart.js']).toContain(7);
    expect(failing.lines['src/cart.js']).not.toContain(3);
    expect(byId['tests/names.test.js::passes at top level'].lines['src/cart.js']).toBeUndefined();
  });

  it('collects in every --parallel worker, ES module specs included', async () => {
    const parallel = copy();
    // An ES module spec that the fixture's .mocharc `spec` glob (tests/**/*.test.js) picks up.
    mkdirSync(path.join(parallel, 'tests', 'esm'));
    writeFileSync(path.join(parallel, 'tests', 'esm', 'package.json'), '{ "type": "module" }');
    writeFileSync(
      path.join(parallel, 'tests', 'esm', 'total.test.js'),
      "import assert from 'node:assert/strict';\nimport cart from '../../src/cart.js';\n\nit('totals in ESM', () => {\n  assert.equal(cart.total([{ price: 5 }]), 5);\n});\n",
    );
    const command = `${defaultMochaCommand(parallel)} --parallel --jobs 2`;
    const report = await collectMochaCoverage({ root: parallel, command, ...options() });
    expect(report.tests).toHaveLength(7);
    const esm = report.tests.find((t) => t.id === 'tests/esm/total.test.js::totals in ESM');
    expect(esm).toMatchObject({ outcome: 'passed' });
    expect(esm?.lines['src/cart.js']).toContain(3);
  });

  it('fails with a CoverageError when mocha cannot run', async () => {
    const broken = copy();
    writeFileSync(path.join(broken, '.mocharc.json'), '{ "require": ["./missing-module.js"] }');
    await expect(collectMochaCoverage({ root: broken, ...options() })).rejects.toBeInstanceOf(CoverageError);
  });
});
