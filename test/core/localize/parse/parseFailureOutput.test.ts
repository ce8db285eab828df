// Real outputs captured from the real runners (samples/*.txt; <ROOT> stands for the folder the
// runner ran in). The Python samples come from a mutated copy of test/fixtures/localize-py, the
// vitest ones from test/fixtures/localize-ts, the others from a small CommonJS project.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectRunner, parseFailureOutput, stripAnsi } from '../../../../src/core/localize/parse/parseFailureOutput';

const samples = path.join(__dirname, '..', 'samples');
const root = '/work/project';

function sample(name: string, rootDir = root): string {
  return readFileSync(path.join(samples, name), 'utf8').replaceAll('<ROOT>', rootDir);
}

function workspaceFrames(text: string, rootDir = root) {
  return parseFailureOutput(text, { root: rootDir }).map((f) => f.stack.filter((s) => s.inWorkspace).map((s) => `${s.file}:${s.line}`));
}

describe('detectRunner', () => {
  it.each([
    ['pytest-long.txt', 'pytest'],
    ['pytest-short.txt', 'pytest'],
    ['pytest-line.txt', 'pytest'],
    ['pytest-native.txt', 'pytest'],
    ['unittest.txt', 'python'],
    ['vitest-default.txt', 'vitest'],
    ['vitest-color.txt', 'vitest'],
    ['vitest-verbose.txt', 'vitest'],
    ['jest.txt', 'jest'],
    ['mocha.txt', 'mocha'],
    ['node-test.txt', 'node-test'],
    ['node-test-spec.txt', 'node-test'],
  ])('recognises %s as %s', (file, runner) => {
    expect(detectRunner(sample(file))).toBe(runner);
  });

  it('recognises nothing in text without a test report', () => {
    expect(detectRunner('hello\nworld')).toBeUndefined();
    expect(parseFailureOutput('hello\nworld', { root })).toEqual([]);
  });
});

describe('pytest output', () => {
  const deepTrace = ['tests/test_checkout_flow.py:26', 'storekit/receipt.py:13', 'storekit/text.py:41', 'storekit/text.py:31'];

  it.each(['pytest-long.txt', 'pytest-short.txt', 'pytest-native.txt'])('reads every failure and its frames from %s', (file) => {
    const failures = parseFailureOutput(sample(file), { root });
    expect(failures.map((f) => f.id)).toEqual([
      'tests/test_checkout_flow.py::test_receipt_for_small_order',
      'tests/test_pricing.py::test_bulk_discount_tiers[10-5]',
      'tests/test_pricing.py::test_bulk_discount_tiers[50-10]',
      'tests/test_pricing.py::test_bulk_discount_tiers[100-15]',
      'tests/test_pricing.py::test_line_price_applies_bulk_discount',
      'tests/test_text.py::test_pad_columns_truncates_long_label',
    ]);
    expect(workspaceFrames(sample(file))[0]).toEqual(deepTrace);
    expect(failures[0]).toMatchObject({ file: 'tests/test_checkout_flow.py', line: 26, testName: 'test_receipt_for_small_order', kind: 'failed' });
    expect(failures[0].message).toContain('ValueError: width is smaller than the ellipsis');
    expect(failures[0].stack.map((s) => s.function).slice(-3)).toEqual(['receipt_lines', 'pad_columns', 'truncate']);
    expect(failures[1].message).toMatch(/assert 0 == 5/);
    expect(failures[1].testName).toBe('test_bulk_discount_tiers');
  });

  it('keeps pytest internals out of the workspace frames (native tracebacks)', () => {
    const [first] = parseFailureOutput(sample('pytest-native.txt'), { root });
    expect(first.stack.length).toBeGreaterThan(deepTrace.length);
    expect(first.stack.filter((s) => !s.inWorkspace).every((s) => s.file.includes('site-packages'))).toBe(true);
  });

  it('collects the functions pytest names in a failed assertion', () => {
    const failures = parseFailureOutput(sample('pytest-short.txt'), { root });
    expect(failures[1].mentioned).toEqual(['bulk_discount_percent']);
    expect(failures[4].mentioned).toEqual(['line_price']);
  });

  it('reads --tb=line output, matching failures to the summary by order', () => {
    const failures = parseFailureOutput(sample('pytest-line.txt'), { root });
    expect(failures).toHaveLength(6);
    expect(failures[0]).toMatchObject({ id: 'tests/test_checkout_flow.py::test_receipt_for_small_order', line: 0 });
    expect(failures[0].stack.map((s) => `${s.file}:${s.line}`)).toEqual(['storekit/text.py:31']);
    expect(failures[1]).toMatchObject({ id: 'tests/test_pricing.py::test_bulk_discount_tiers[10-5]', line: 8 });
  });

  it('reads failed unittest subTests (pytest 9 SUBFAILED), one failure per subtest', () => {
    const failures = parseFailureOutput(sample('pytest-subtests.txt'), { root });
    expect(failures).toHaveLength(4);
    expect(new Set(failures.map((f) => f.id))).toEqual(new Set(['tests/test_std_shlex.py::ShlexTest::testJoin']));
    expect(failures[0]).toMatchObject({ file: 'tests/test_std_shlex.py', line: 351, testName: 'testJoin', kind: 'failed' });
    expect(failures[0].message).toMatch(/^AssertionError/);
  });

  it('reads failures that only the short summary lists (--tb=no)', () => {
    const text = [
      '============================= test session starts ==============================',
      'collected 3 items',
      '',
      'tests/test_cart.py F..                                                   [100%]',
      '=========================== short test summary info ============================',
      'FAILED tests/test_cart.py::TestCart::test_total - assert 3 == 4',
      '========================= 1 failed, 2 passed in 0.05s ==========================',
    ].join('\n');
    expect(parseFailureOutput(text, { root })).toEqual([
      expect.objectContaining({ id: 'tests/test_cart.py::TestCart::test_total', file: 'tests/test_cart.py', testName: 'TestCart.test_total', message: 'assert 3 == 4' }),
    ]);
  });

  it('maps class-based headers ("TestCart.test_total") to their node ids', () => {
    const text = [
      '=================================== FAILURES ===================================',
      '_____________________________ TestCart.test_total ______________________________',
      'tests/test_cart.py:12: in test_total',
      '    assert cart.total() == 4',
      'E   assert 3 == 4',
      '=========================== short test summary info ============================',
      'FAILED tests/test_cart.py::TestCart::test_total - assert 3 == 4',
    ].join('\n');
    const [failure] = parseFailureOutput(text, { root });
    expect(failure).toMatchObject({ id: 'tests/test_cart.py::TestCart::test_total', line: 12, testName: 'test_total' });
  });

  it('reads errors at setup as errors', () => {
    const text = [
      '==================================== ERRORS ====================================',
      '___________________________ ERROR at setup of test_db ___________________________',
      'tests/conftest.py:8: in db',
      '    return connect()',
      'app/db.py:3: in connect',
      '    raise RuntimeError("no database")',
      'E   RuntimeError: no database',
      '=========================== short test summary info ============================',
      'ERROR tests/test_db.py::test_db - RuntimeError: no database',
    ].join('\n');
    const [failure] = parseFailureOutput(text, { root });
    expect(failure).toMatchObject({ id: 'tests/test_db.py::test_db', kind: 'error', message: 'RuntimeError: no database' });
    expect(failure.stack.map((s) => s.function)).toEqual(['db', 'connect']);
  });

  it('reads unittest output', () => {
    const failures = parseFailureOutput(sample('unittest.txt', root), { root });
    expect(failures.map((f) => [f.id, f.kind])).toEqual([
      ['ut/test_ut.py::PadTest::test_pad', 'error'],
      ['ut/test_ut.py::PadTest::test_tier', 'failed'],
    ]);
    expect(failures[0].stack.map((s) => `${s.function}@${s.file}:${s.line}`)).toEqual([
      'test_pad@ut/test_ut.py:7',
      'pad_columns@storekit/text.py:41',
      'truncate@storekit/text.py:31',
    ]);
    expect(failures[1].message).toBe('AssertionError: 0 != 5');
  });

  it('reads a bare traceback', () => {
    const text = ['Traceback (most recent call last):', '  File "/work/project/app/main.py", line 9, in <module>', '    run()', '  File "/work/project/app/main.py", line 5, in run', '    1 / 0', 'ZeroDivisionError: division by zero'].join('\n');
    const [failure] = parseFailureOutput(text, { root });
    expect(failure.stack.map((s) => `${s.function}@${s.file}:${s.line}`)).toEqual(['<module>@app/main.py:9', 'run@app/main.py:5']);
    expect(failure.message).toBe('ZeroDivisionError: division by zero');
  });
});

describe('vitest output', () => {
  it.each(['vitest-default.txt', 'vitest-color.txt', 'vitest-verbose.txt'])('reads failures, TS frames and the test id from %s', (file) => {
    const failures = parseFailureOutput(sample(file), { root });
    expect(failures).toHaveLength(12);
    expect(failures[0]).toMatchObject({
      id: 'test/board.test.ts::TaskBoard > adds tasks with parsed estimates and normalized tags',
      file: 'test/board.test.ts',
      line: 11,
      testName: 'adds tasks with parsed estimates and normalized tags',
      message: "TypeError: Cannot read properties of undefined (reading 'valueOf')",
      framework: 'vitest',
    });
    // Innermost last, as the contract says; vitest prints it first.
    expect(failures[0].stack.map((s) => `${s.function}@${s.file}:${s.line}:${s.column}`)).toEqual([
      '@test/board.test.ts:11:24',
      'TaskBoard.add@src/board.ts:34:17',
      'parseDuration@src/duration.ts:16:65',
    ]);
  });

  it('keeps the diff of an assertion as expected and actual', () => {
    const failure = parseFailureOutput(sample('vitest-default.txt'), { root }).find((f) => f.testName === 'smooths with a moving average')!;
    expect(failure.message.split('\n')[0]).toBe('AssertionError: expected [ NaN, 10, 20, 30 ] to deeply equal [ 10, 15, 25, 35 ]');
    expect(failure.expected).toContain('15,');
    expect(failure.actual).toContain('NaN,');
    expect(failure.stack.map((s) => `${s.file}:${s.line}`)).toEqual(['test/estimate.test.ts:12']);
  });

  it('strips terminal colours', () => {
    expect(stripAnsi('\u001b[31m\u001b[1mFAIL\u001b[22m\u001b[39m x')).toBe('FAIL x');
  });
});

describe('jest, mocha and node --test output', () => {
  it('reads jest failures with their frames', () => {
    const failures = parseFailureOutput(sample('jest.txt'), { root });
    expect(failures.map((f) => f.id)).toEqual([
      'test/stats.jest.test.js::stats > averages',
      'test/stats.jest.test.js::stats > finds the mode of an empty histogram',
      'test/stats.jest.test.js::stats > throws on empty mean',
    ]);
    expect(workspaceFrames(sample('jest.txt'))).toEqual([
      ['test/stats.jest.test.js:5'],
      ['test/stats.jest.test.js:9', 'lib/stats.js:18'],
      ['test/stats.jest.test.js:12', 'lib/stats.js:3'],
    ]);
    expect(failures[2].message).toBe('RangeError: mean of an empty list');
  });

  it('reads mocha failures, its multi-line titles and its inverted diff', () => {
    const failures = parseFailureOutput(sample('mocha.txt'), { root });
    expect(failures.map((f) => f.id)).toEqual([
      'test/stats.test.js::stats > averages',
      'test/stats.test.js::stats > finds the mode of an empty histogram',
      'test/stats.test.js::stats > throws on empty mean',
    ]);
    expect(failures[0]).toMatchObject({ expected: '2.5', actual: '2' });
    expect(workspaceFrames(sample('mocha.txt'))[1]).toEqual(['test/stats.test.js:9', 'lib/stats.js:18']);
    // node's own frames are kept but are not the workspace's.
    expect(failures[1].stack[0]).toMatchObject({ file: 'node:internal/timers', inWorkspace: false });
  });

  it('reads node --test TAP output', () => {
    const failures = parseFailureOutput(sample('node-test.txt'), { root });
    expect(failures.map((f) => [f.id, f.line])).toEqual([
      ['test/stats.node.test.js::averages', 5],
      ['test/stats.node.test.js::finds the mode of an empty histogram', 8],
    ]);
    expect(failures[0]).toMatchObject({ expected: '2.5', actual: '2' });
    expect(workspaceFrames(sample('node-test.txt'))[1]).toEqual(['test/stats.node.test.js:10', 'lib/stats.js:18']);
  });

  it('reads node --test spec output once per failure (the summary repeats them)', () => {
    const failures = parseFailureOutput(sample('node-test-spec.txt'), { root });
    expect(failures.map((f) => f.testName)).toEqual(['averages', 'finds the mode of an empty histogram']);
    expect(workspaceFrames(sample('node-test-spec.txt'))[1]).toEqual(['test/stats.node.test.js:10', 'lib/stats.js:18']);
  });

  it('maps compiled JavaScript frames to the TypeScript source through the .map file', () => {
    const project = path.join(samples, 'sourcemap-project');
    const [failure] = parseFailureOutput(sample('node-test-sourcemap.txt', project), { root: project });
    const inner = failure.stack[failure.stack.length - 1];
    expect(inner).toMatchObject({ file: 'src/duration.ts', line: 16, function: 'parseDuration', inWorkspace: true });
    const unmapped = parseFailureOutput(sample('node-test-sourcemap.txt', project), { root: project, sourceMaps: false })[0];
    expect(unmapped.stack[unmapped.stack.length - 1]).toMatchObject({ file: 'dist/duration.js', line: 20 });
  });

  it('reads a plain V8 stack printed by a crashing script', () => {
    const text = ['/work/project/lib/a.js:3', 'TypeError: x is not a function', '    at run (/work/project/lib/a.js:3:5)', '    at Object.<anonymous> (/work/project/main.js:1:1)', '    at Module._compile (node:internal/modules/cjs/loader:1554:14)'].join('\n');
    const [failure] = parseFailureOutput(text, { root });
    expect(failure.message).toBe('TypeError: x is not a function');
    expect(failure.stack.filter((s) => s.inWorkspace).map((s) => `${s.function}@${s.file}:${s.line}`)).toEqual(['Object.<anonymous>@main.js:1', 'run@lib/a.js:3']);
  });
});
