import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCoverage, frameworkOfCommand } from '../../../src/core/coverage/collectCoverage';
import { withRunnerArgs } from '../../../src/core/coverage/collectOptions';
import { silentLogger } from '../../../src/core/ports/console';

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'nodecov-'));
  mkdirSync(path.join(root, 'test'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'n', private: true, scripts: { test: 'node --test' } }));
  writeFileSync(path.join(root, 'lib.js'), ['exports.inc = (x) => x + 1;', 'exports.dec = function dec(x) {', '  return x + 1;', '};', ''].join('\n'));
  writeFileSync(path.join(root, 'test', 'inc.test.js'), "const { test } = require('node:test');\nconst assert = require('node:assert');\nconst { inc } = require('../lib');\ntest('inc', () => assert.strictEqual(inc(1), 2));\n");
  writeFileSync(path.join(root, 'test', 'dec.test.js'), "const { test } = require('node:test');\nconst assert = require('node:assert');\nconst { dec } = require('../lib');\ntest('dec', () => assert.strictEqual(dec(1), 0));\n");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('node --test coverage', () => {
  it('gives one entry per test file, failing when the file had a failure', async () => {
    const report = await collectCoverage({ root, framework: 'node-test', timeoutMs: 60_000, signal: new AbortController().signal, logger: silentLogger });
    expect(report).toMatchObject({ framework: 'node-test', granularity: 'file' });
    const byId = Object.fromEntries(report!.tests.map((t) => [t.id, t]));
    // Process-level coverage: module-level lines (1, 2) ran in both; dec's body (3) only in its test.
    expect(byId['test/inc.test.js']).toMatchObject({ outcome: 'passed', lines: { 'lib.js': [1, 2] } });
    expect(byId['test/dec.test.js'].outcome).toBe('failed');
    expect(byId['test/dec.test.js'].lines['lib.js']).toEqual([1, 2, 3]);
  });
});

describe('frameworkOfCommand', () => {
  it('reads the runner from a command line', () => {
    expect(frameworkOfCommand('.venv/bin/python -m pytest -q')).toBe('pytest');
    expect(frameworkOfCommand('npx vitest run')).toBe('vitest');
    expect(frameworkOfCommand('node --test test/')).toBe('node-test');
    expect(frameworkOfCommand('npx jest')).toBe('jest');
    expect(frameworkOfCommand('make check')).toBeUndefined();
  });

  it('collects nothing when no test framework is found', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'nocov-'));
    try {
      expect(await collectCoverage({ root: empty, timeoutMs: 1000, signal: new AbortController().signal, logger: silentLogger, env: { PATH: '' } })).toBeUndefined();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('withRunnerArgs', () => {
  it('puts -- before options for package-manager scripts', () => {
    expect(withRunnerArgs('npm test', '--root x')).toBe('npm test -- --root x');
    expect(withRunnerArgs('pnpm run test:unit', '--root x')).toBe('pnpm run test:unit -- --root x');
    expect(withRunnerArgs('npm test -- --run', '--root x')).toBe('npm test -- --run --root x');
    expect(withRunnerArgs('npx vitest run', '--root x')).toBe('npx vitest run --root x');
    expect(withRunnerArgs('python3 -m pytest', '-q')).toBe('python3 -m pytest -q');
  });
});
