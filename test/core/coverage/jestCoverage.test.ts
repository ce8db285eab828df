import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCoverage, coverageSupported } from '../../../src/core/coverage/collectCoverage';
import { CoverageError } from '../../../src/core/coverage/collectOptions';
import { collectJestCoverage, jestCoverageArgs, joinWithReport, parseShowConfig, reportedTests } from '../../../src/core/coverage/jestCoverage';
import type { Logger } from '../../../src/core/ports';
import { silentLogger } from '../../../src/core/ports/console';
import { runTests } from '../../../src/core/testing/runTests';

const fixture = path.resolve(__dirname, '../../fixtures/jest');
const repoModules = path.resolve(__dirname, '../../../node_modules');
const roots: string[] = [];

/** A copy of the jest fixture (src/cart.js ignores the quantity) that resolves jest from the repository. */
function copy(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'jestcov-'));
  cpSync(fixture, root, { recursive: true });
  symlinkSync(repoModules, path.join(root, 'node_modules'));
  roots.push(root);
  return root;
}

const options = (logger: Logger = silentLogger) => ({ timeoutMs: 120_000, signal: new AbortController().signal, logger });

let root: string;
beforeAll(() => {
  root = copy();
});
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

describe('jest command and report helpers', () => {
  it('lists the project setup files before SelfDebug’s, and ends the list before other options', () => {
    expect(jestCoverageArgs(['/p/setup.js'], '/t/report.json')).toMatch(/^--setupFilesAfterEnv \/p\/setup\.js \S+jest-coverage-setup\.cjs --json --outputFile=\/t\/report\.json --coverage=false$/);
    expect(coverageSupported('jest')).toBe(true);
  });

  it('reads --showConfig after what npm printed, and rejects other text', () => {
    const shown = parseShowConfig('\n> fixture-jest@ test\n> jest --showConfig\n\n{\n "configs": [{ "rootDir": "/p", "setupFilesAfterEnv": ["/p/s.js"] }],\n "globalConfig": {}\n}\n');
    expect(shown.configs[0]?.setupFilesAfterEnv).toEqual(['/p/s.js']);
    expect(() => parseShowConfig('Error: no config')).toThrow(CoverageError);
  });

  it('joins entries named only by jest’s joined name with the reported tests in order', () => {
    const report = JSON.stringify({
      testResults: [
        {
          name: '/p/t.test.js',
          assertionResults: [
            { ancestorTitles: ['a b'], title: 'c', status: 'passed' },
            { ancestorTitles: ['a'], title: 'b c', status: 'failed' },
          ],
        },
      ],
    });
    const warnings: string[] = [];
    const join = joinWithReport(reportedTests(report, '/p'), warnings);
    const entry = (name: string) => ({ id: `t.test.js::${name}`, outcome: 'passed' as const, file: 't.test.js', name, exactId: false, scripts: [] });
    const joined = join([entry('a b c'), entry('a b c'), entry('missing')]);
    expect(joined.map((t) => [t.id, t.outcome])).toEqual([
      ['t.test.js::a b > c', 'passed'],
      ['t.test.js::a > b c', 'failed'],
    ]);
    expect(warnings).toEqual(['no test in jest\'s report for coverage entry t.test.js::missing']);
  });
});

describe('collectJestCoverage', () => {
  it('records per-test lines under the ids and outcomes runTests reports', async () => {
    // Through collectCoverage, which detects jest in the folder.
    const [collected, run] = await Promise.all([collectCoverage({ root, ...options() }), runTests({ folder: root })]);
    const report = collected!;
    expect(report).toMatchObject({ framework: 'jest', granularity: 'test', warnings: [] });
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
    // Lines of the file on disk (babel-jest drops the blank line 5; its inline map brings them back):
    // total is lines 2-4 of src/cart.js, applyDiscount 6-8.
    const passing = byId['tests/cart.test.js::Cart > discounts > takes ten percent off'];
    expect(passing.lines['src/cart.js']).toContain(7);
    expect(passing.lines['src/cart.js']).not.toContain(3);
    expect(passing.lines['tests/cart.test.js']).toEqual([18]);
    const failing = byId['tests/cart.test.js::Cart > multiplies price by quantity'];
    expect(failing.lines['src/cart.js']).toContain(3);
    expect(failing.lines['src/cart.js']).not.toContain(7);
    expect(byId['tests/names.test.js::passes at top level'].lines['src/cart.js']).toBeUndefined();
  });

  it('keeps the project’s own setupFilesAfterEnv', async () => {
    const withSetup = copy();
    writeFileSync(path.join(withSetup, 'jest.config.js'), "module.exports = { testMatch: ['<rootDir>/tests/**/*.test.js'], setupFilesAfterEnv: ['<rootDir>/setup.js'] };\n");
    writeFileSync(path.join(withSetup, 'setup.js'), "const { total } = require('./src/cart');\nglobal.totalOf = function totalOf(items) {\n  return total(items);\n};\n");
    writeFileSync(path.join(withSetup, 'tests', 'setup.test.js'), "test('sees the setup file', () => {\n  expect(totalOf([{ price: 4 }])).toBe(4);\n});\n");
    const report = await collectJestCoverage({ root: withSetup, ...options() });
    const test = report?.tests.find((t) => t.id === 'tests/setup.test.js::sees the setup file');
    expect(test?.outcome).toBe('passed');
    expect(test?.lines['src/cart.js']).toContain(3);
    expect(test?.lines['setup.js']).toContain(3);
  });

  it('fails with a CoverageError when the config is broken', async () => {
    const broken = copy();
    writeFileSync(path.join(broken, 'jest.config.js'), 'module.exports = { testMatch: [ ;\n');
    await expect(collectJestCoverage({ root: broken, ...options() })).rejects.toBeInstanceOf(CoverageError);
  });

  it('measures several projects that share their setup files, each test under its own id', async () => {
    const projects = copy();
    writeFileSync(path.join(projects, 'jest.config.js'), "module.exports = { projects: [{ displayName: 'a', testMatch: ['<rootDir>/tests/cart.test.js'] }, { displayName: 'b', testMatch: ['<rootDir>/tests/names.test.js'] }] };\n");
    const report = await collectJestCoverage({ root: projects, ...options() });
    const files = new Set(report!.tests.map((t) => t.id.split('::')[0]));
    expect([...files].sort()).toEqual(['tests/cart.test.js', 'tests/names.test.js']);
    const multiplies = report!.tests.find((t) => t.id === 'tests/cart.test.js::Cart > multiplies price by quantity');
    expect(multiplies?.outcome).toBe('failed');
    expect(multiplies?.lines['src/cart.js']).toContain(3);
  });

  it('collects nothing, and says so, for projects with different setup files', async () => {
    const projects = copy();
    writeFileSync(path.join(projects, 'setup.js'), 'global.ready = true;\n');
    writeFileSync(
      path.join(projects, 'jest.config.js'),
      "module.exports = { projects: [{ displayName: 'a', testMatch: ['<rootDir>/tests/cart.test.js'], setupFilesAfterEnv: ['<rootDir>/setup.js'] }, { displayName: 'b', testMatch: ['<rootDir>/tests/names.test.js'] }] };\n",
    );
    const infos: string[] = [];
    const logger: Logger = { ...silentLogger, info: (message) => infos.push(message) };
    expect(await collectJestCoverage({ root: projects, ...options(logger) })).toBeUndefined();
    expect(infos.join('\n')).toContain('2 projects');
  });
});
