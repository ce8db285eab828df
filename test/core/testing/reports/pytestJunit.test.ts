import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../src/core/config';
import { ReportFormatError, type ReportContext } from '../../../../src/core/testing/adapters/adapter';
import { SourceCache } from '../../../../src/core/testing/locate';
import { expectationFromMessage, readPytestJunit } from '../../../../src/core/testing/reports/pytestJunit';

const ctx: ReportContext = {
  folder: '/work/proj',
  runDir: '/work/proj',
  detection: { framework: 'pytest', reasons: [] },
  selection: { files: [], testIds: [] },
  reportFile: '/tmp/r.xml',
  config: defaultConfig,
  sandboxed: false,
  color: false,
  env: {},
  sources: new SourceCache('/nonexistent'),
};

const attr = (value: unknown) => JSON.stringify(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

// Shaped like what pytest 9 writes with -o junit_family=xunit1 and SelfDebug's plugin.
const report = `<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests"><testsuite name="pytest" errors="2" failures="2" skipped="1" tests="6">
<testcase classname="" name="tests.test_bad" file="tests/test_bad.py" time="0.000"><error message="collection failure">ImportError while importing test module '/work/proj/tests/test_bad.py'.
Traceback:
tests/test_bad.py:1: in &lt;module&gt;
    import nonexistent_mod
E   ModuleNotFoundError: No module named 'nonexistent_mod'</error></testcase>
<testcase classname="tests.test_cart" name="test_ok" file="tests/test_cart.py" line="3" time="0.001"><properties>
<property name="selfdebug.nodeid" value="tests/test_cart.py::test_ok"/>
<property name="selfdebug.location" value="${attr({ file: 'tests/test_cart.py', line: 4 })}"/></properties></testcase>
<testcase classname="tests.test_cart" name="test_fail" file="tests/test_cart.py" line="6" time="0.012"><properties>
<property name="selfdebug.nodeid" value="tests/test_cart.py::test_fail"/>
<property name="selfdebug.location" value="${attr({ file: 'tests/test_cart.py', line: 7 })}"/>
<property name="selfdebug.failure" value="${attr({ when: 'call', frames: [{ file: '/work/proj/tests/test_cart.py', line: 8, function: 'test_fail' }, { file: '/work/proj/cart.py', line: 2, function: 'total' }], exception: 'AssertionError', message: 'assert 2 == 6', expected: '6', actual: '2', output: 'printed\n' })}"/></properties>
<failure message="assert 2 == 6&#10; +  where 2 = total([(2, 3)])">def test_fail(): ...</failure></testcase>
<testcase classname="tests.test_cart" name="test_err" file="tests/test_cart.py" line="18" time="0.000"><properties>
<property name="selfdebug.nodeid" value="tests/test_cart.py::test_err"/>
<property name="selfdebug.failure" value="${attr({ when: 'setup', frames: [{ file: '/work/proj/tests/test_cart.py', line: 17, function: 'broken' }], exception: 'RuntimeError', message: 'fixture exploded' })}"/></properties>
<error message="failed on setup with &quot;RuntimeError: fixture exploded&quot;">...</error></testcase>
<testcase classname="tests.test_cart.TestCart" name="test_param[2]" file="tests/test_cart.py" line="10" time="0.001">
<failure message="assert 2 == 1">self = ...

tests/test_cart.py:13: AssertionError</failure></testcase>
<testcase classname="tests.test_cart" name="test_skip" file="tests/test_cart.py" line="21" time="0.000"><skipped type="pytest.skip" message="nope">/work/proj/tests/test_cart.py:23: nope</skipped></testcase>
</testsuite></testsuites>`;

describe('readPytestJunit', () => {
  it('reads every test with its id, location, status and duration', async () => {
    const { tests } = await readPytestJunit(report, ctx);
    expect(tests.map((t) => [t.id, t.status, t.line])).toEqual([
      ['tests/test_cart.py::test_ok', 'passed', 4],
      ['tests/test_cart.py::test_fail', 'failed', 7],
      ['tests/test_cart.py::test_err', 'error', 19],
      ['tests/test_cart.py::TestCart::test_param[2]', 'failed', 11],
      ['tests/test_cart.py::test_skip', 'skipped', 22],
    ]);
    expect(tests[1]!.durationMs).toBe(12);
  });

  it('takes frames, expected/actual and output from the plugin', async () => {
    const failure = (await readPytestJunit(report, ctx)).tests[1]!.failure!;
    expect(failure.message).toBe('assert 2 == 6\n +  where 2 = total([(2, 3)])');
    expect(failure).toMatchObject({ expected: '6', actual: '2', output: 'printed\n' });
    expect(failure.stack).toEqual([
      { file: 'tests/test_cart.py', line: 8, function: 'test_fail', inWorkspace: true },
      { file: 'cart.py', line: 2, function: 'total', inWorkspace: true },
    ]);
  });

  it('words a fixture error as the exception, not as "failed on setup"', async () => {
    expect((await readPytestJunit(report, ctx)).tests[2]!.failure!.message).toBe('RuntimeError: fixture exploded');
  });

  it('falls back to the JUnit attributes and text without the plugin', async () => {
    const failure = (await readPytestJunit(report, ctx)).tests[3]!.failure!;
    expect(failure).toMatchObject({ message: 'assert 2 == 1', actual: '2', expected: '1' });
    expect(failure.stack).toEqual([{ file: 'tests/test_cart.py', line: 13, function: '', inWorkspace: true }]);
  });

  it('reports a module that failed to import as a collection error with pytest\'s words', async () => {
    const { collectionErrors } = await readPytestJunit(report, ctx);
    expect(collectionErrors).toHaveLength(1);
    expect(collectionErrors[0]).toMatchObject({ file: 'tests/test_bad.py', line: 1 });
    expect(collectionErrors[0]!.message).toContain("ModuleNotFoundError: No module named 'nonexistent_mod'");
  });

  it('rejects XML that is not a JUnit report', async () => {
    await expect(readPytestJunit('<html><body/></html>', ctx)).rejects.toThrow(ReportFormatError);
    await expect(readPytestJunit('<testsuites><testsuite><testcase/></testsuite></testsuites>', ctx)).rejects.toThrow(/unexpected shape/);
  });
});

describe('expectationFromMessage', () => {
  it('reads pytest and unittest comparisons, actual on the left', () => {
    expect(expectationFromMessage('assert 2 == 6\n + where ...')).toEqual({ actual: '2', expected: '6' });
    expect(expectationFromMessage('AssertionError: 3 != 5')).toEqual({ actual: '3', expected: '5' });
    expect(expectationFromMessage('TypeError: bad')).toBeUndefined();
  });
});
