// Test discovery from source: the tests a runner would collect, named with the ids its report
// gives, found without running anything.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverTests } from '../../../src/core/testing/discoverTests';
import { runTests } from '../../../src/core/testing/runTests';
import { runnerTestFiles } from '../../../src/core/testing/testFiles';
import type { FrameworkId } from '../../../src/core/testing/types';
import { languageOf } from '../../../src/core/index/languages';

const fixtures = path.resolve(__dirname, '../../fixtures');

const ids = async (file: string, language: 'python' | 'typescript' | 'javascript', text: string) =>
  (await discoverTests(file, language, text)).map((t) => `${t.kind} ${t.line} ${t.id}`);

describe('discoverTests, Python (pytest rules)', () => {
  it('finds test functions and Test classes, as pytest names them', async () => {
    const text = [
      'import pytest, unittest', //                               1
      'def test_total(): assert True', //                         2
      '@pytest.mark.parametrize("n", [1, 2])', //                 3
      'async def test_async(n): pass', //                         4
      'def helper(): pass', //                                    5
      'class TestCart:', //                                       6
      '    def test_add(self): pass', //                          7
      '    def helper_test(self): pass', //                       8
      '    class TestNested:', //                                 9
      '        def test_deep(self): pass', //                     10
      'class Legacy(unittest.TestCase):', //                      11
      '    def test_old(self): pass', //                          12
      'class TestWithInit:', //                                   13
      '    def __init__(self): pass', //                          14
      '    def test_never(self): pass', //                        15
      'class Helpers:', //                                        16
      '    def test_not_collected(self): pass', //                17
      'def test_outer():', //                                     18
      '    def test_inner(): pass', //                            19
    ].join('\n');
    expect(await ids('tests/test_cart.py', 'python', text)).toEqual([
      'test 2 tests/test_cart.py::test_total',
      'test 4 tests/test_cart.py::test_async',
      'suite 6 tests/test_cart.py::TestCart',
      'test 7 tests/test_cart.py::TestCart::test_add',
      'suite 9 tests/test_cart.py::TestCart::TestNested',
      'test 10 tests/test_cart.py::TestCart::TestNested::test_deep',
      'suite 11 tests/test_cart.py::Legacy',
      'test 12 tests/test_cart.py::Legacy::test_old',
      'test 18 tests/test_cart.py::test_outer',
    ]);
  });
});

describe('discoverTests, JavaScript and TypeScript (describe/it/test)', () => {
  it('nests tests under their suites and keeps only literal titles', async () => {
    const text = [
      "import { describe, it, test } from 'vitest';", //           1
      "describe('Cart', () => {", //                                2
      "  it('adds items', () => {});", //                           3
      '  describe(`totals`, () => {', //                            4
      "    test.skip('with \\'tax\\'', (): void => {});", //        5
      '  });', //                                                   6
      "  it.each([1, 2])('case %i', (n: number) => {});", //       7
      "  it.todo('later');", //                                     8
      '});', //                                                     9
      "describe(name, () => { it('hidden', () => {}); });", //     10
      "describe.each([1])('each %i', () => { it('x', () => {}); });", // 11
      "test('top', async (t) => { await t.test('sub', () => {}); });", // 12
      'it(`made ${at}`, () => {});', //                            13
    ].join('\n');
    expect(await ids('src/cart.test.ts', 'typescript', text)).toEqual([
      'suite 2 src/cart.test.ts::Cart',
      'test 3 src/cart.test.ts::Cart > adds items',
      'suite 4 src/cart.test.ts::Cart > totals',
      "test 5 src/cart.test.ts::Cart > totals > with 'tax'",
      'test 12 src/cart.test.ts::top',
    ]);
  });
});

describe('discoverTests against the runners', () => {
  // Every test a run reports is discovered under the same id (parameters aside), and nothing
  // is discovered that the run does not report.
  const cases: [string, FrameworkId][] = [
    ['pytest', 'pytest'],
    ['vitest', 'vitest'],
    ['jest', 'jest'],
    ['mocha', 'mocha'],
    ['node-test', 'node-test'],
  ];
  it.each(cases)('names the tests of the %s fixture as the run does', async (fixture, framework) => {
    const folder = path.join(fixtures, fixture);
    const files = await runnerTestFiles(folder, framework);
    const discovered = new Set<string>();
    for (const file of files) {
      for (const test of await discoverTests(file, languageOf(file)!, readFileSync(path.join(folder, file), 'utf8'))) if (test.kind === 'test') discovered.add(test.id);
    }
    const result = await runTests({ folder });
    const reported = new Set(result.tests.map((t) => t.id.replace(/\[.*\]$/, '')));
    expect([...discovered].sort()).toEqual([...reported].sort());
  }, 120_000);
});
