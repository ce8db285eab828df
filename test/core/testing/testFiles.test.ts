// Test files: what counts as test code for localization and repair, and which files each
// runner collects by default (the files the Test Explorer lists before the first run).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectedBy, isTestFile, runnerTestFiles } from '../../../src/core/testing/testFiles';

describe('isTestFile', () => {
  it('counts test modules, test folders and test support as test code', () => {
    for (const file of ['tests/helpers.py', 'test_cart.py', 'pkg/cart_test.py', 'conftest.py', 'src/cart.test.ts', 'src/__tests__/x.js', 'spec/a.js', 'src\\cart.spec.tsx']) {
      expect(isTestFile(file), file).toBe(true);
    }
  });
  it('leaves product code alone, even when its name mentions tests', () => {
    for (const file of ['shop/cart.py', 'src/testing_utils.ts', 'src/contest.py', 'lib/attest.js']) {
      expect(isTestFile(file), file).toBe(false);
    }
  });
});

describe('collectedBy', () => {
  const cases: [Parameters<typeof collectedBy>[0], string, boolean][] = [
    ['pytest', 'tests/test_cart.py', true],
    ['pytest', 'pkg/cart_test.py', true],
    ['pytest', 'tests/conftest.py', false],
    ['pytest', 'tests/helpers.py', false],
    ['vitest', 'src/cart.test.ts', true],
    ['vitest', 'src/view.spec.tsx', true],
    ['vitest', 'src/cart.ts', false],
    ['jest', 'src/__tests__/cart.js', true],
    ['jest', 'src/cart.spec.js', true],
    ['mocha', 'test/cart.js', true],
    ['mocha', 'test/support/helper.js', false],
    ['node-test', 'tests/cart.test.js', true],
    ['node-test', 'test/anything.mjs', true],
    ['node-test', 'lib/test-utils.js', true],
    ['node-test', 'lib/cart.js', false],
    ['vitest', 'node_modules/x/a.test.js', false],
  ];
  it.each(cases)('%s collects %s: %s', (framework, file, expected) => {
    expect(collectedBy(framework, file)).toBe(expected);
  });
});

describe('runnerTestFiles', () => {
  it('lists the files the runner would collect, honouring .gitignore', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-testfiles-'));
    const write = (rel: string, text = '') => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    write('.gitignore', 'build/\n');
    write('shop/cart.py', 'def total(): pass\n');
    write('tests/test_cart.py', 'def test_total(): pass\n');
    write('tests/conftest.py');
    write('build/tests/test_copy.py', 'def test_total(): pass\n');
    write('.venv/lib/test_site.py');
    write('web/cart.test.ts');
    expect(await runnerTestFiles(root, 'pytest')).toEqual(['tests/test_cart.py']);
    expect(await runnerTestFiles(root, 'vitest')).toEqual(['web/cart.test.ts']);
  });
});
