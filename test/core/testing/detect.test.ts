import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFramework, detectFrameworks } from '../../../src/core/testing/detect';

const fixtures = path.resolve(__dirname, '../../fixtures');

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-detect-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const pkg = (value: object) => JSON.stringify(value);

describe('detectFramework', () => {
  it.each([
    ['pytest', 'pytest'],
    ['vitest', 'vitest'],
    ['jest', 'jest'],
    ['mocha', 'mocha'],
    ['node-test', 'node-test'],
  ])('recognises the %s fixture', async (fixture, framework) => {
    expect((await detectFramework(path.join(fixtures, fixture)))?.framework).toBe(framework);
  });

  it('reads pytest sections of pyproject.toml, setup.cfg and tox.ini', async () => {
    for (const [file, text] of [
      ['pyproject.toml', '[project]\nname = "x"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n'],
      ['setup.cfg', '[metadata]\nname = x\n[tool:pytest]\ntestpaths = tests\n'],
      ['tox.ini', '[tox]\nenvlist = py311\n[pytest]\naddopts = -q\n'],
    ] as const) {
      const detection = await detectFramework(project({ [file]: text }));
      expect(detection?.framework, file).toBe('pytest');
      expect(detection?.reasons.join()).toContain(file);
    }
  });

  it('runs pytest with the virtualenv of the folder', async () => {
    const dir = project({ 'pytest.ini': '[pytest]\n', '.venv/pyvenv.cfg': 'home = /usr/bin\n', '.venv/bin/python': '#!/bin/sh\n' });
    chmodSync(path.join(dir, '.venv/bin/python'), 0o755);
    const detection = await detectFramework(dir, { PATH: process.env.PATH });
    expect(detection).toMatchObject({ framework: 'pytest', python: path.join(dir, '.venv/bin/python'), venv: path.join(dir, '.venv') });
  });

  it('prefers what the test script runs over other evidence', async () => {
    const dir = project({ 'package.json': pkg({ scripts: { test: 'vitest run' }, devDependencies: { jest: '30', vitest: '4' } }), 'jest.config.js': '' });
    expect((await detectFrameworks(dir)).map((d) => d.framework)).toEqual(['vitest', 'jest']);
  });

  it('follows a test script that runs another script', async () => {
    const dir = project({ 'package.json': pkg({ scripts: { test: 'npm run test:unit', 'test:unit': 'mocha --recursive' } }) });
    expect((await detectFramework(dir))?.framework).toBe('mocha');
  });

  it('keeps the files a node --test script names', async () => {
    const dir = project({ 'package.json': pkg({ scripts: { test: 'node --experimental-vm-modules --test test/unit/' } }) });
    expect(await detectFramework(dir)).toMatchObject({ framework: 'node-test', scriptArgs: ['test/unit/'] });
  });

  it('uses config files and the package.json sections of the runners', async () => {
    expect((await detectFramework(project({ 'jest.config.ts': '' })))?.framework).toBe('jest');
    expect((await detectFramework(project({ '.mocharc.yml': 'spec: test' })))?.framework).toBe('mocha');
    expect((await detectFramework(project({ 'vitest.config.mts': '' })))?.framework).toBe('vitest');
    expect((await detectFramework(project({ 'vite.config.ts': 'export default { test: { globals: true } }' })))?.framework).toBe('vitest');
    expect((await detectFramework(project({ 'package.json': pkg({ jest: { testEnvironment: 'node' } }) })))?.framework).toBe('jest');
  });

  it('falls back to what the test files look like', async () => {
    expect((await detectFramework(project({ 'tests/test_cart.py': 'def test_x(): pass\n' })))?.framework).toBe('pytest');
    expect((await detectFramework(project({ 'test/cart.test.mjs': "import { test } from 'node:test';\n" })))?.framework).toBe('node-test');
  });

  it('finds nothing in a folder without tests, and ignores a broken package.json', async () => {
    expect(await detectFramework(project({ 'README.md': '# x' }))).toBeUndefined();
    expect(await detectFramework(project({ 'package.json': '{ not json' }))).toBeUndefined();
  });
});
