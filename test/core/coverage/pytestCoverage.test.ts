import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoverageError } from '../../../src/core/coverage/collectCoverage';
import { collectPytestCoverage } from '../../../src/core/coverage/pytestCoverage';
import { silentLogger } from '../../../src/core/ports/console';

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pycov-'));
  mkdirSync(path.join(root, 'calc'));
  mkdirSync(path.join(root, 'tests'));
  writeFileSync(path.join(root, 'calc', '__init__.py'), '');
  writeFileSync(
    path.join(root, 'calc', 'ops.py'),
    ['def add(a, b):', '    return a + b', '', '', 'def div(a, b):', '    if b == 0:', '        raise ZeroDivisionError("b")', '    return a / b', '', '', 'def unused():', '    return 1', ''].join('\n'),
  );
  writeFileSync(
    path.join(root, 'tests', 'test_ops.py'),
    ['from calc.ops import add, div', '', '', 'def test_add():', '    assert add(1, 2) == 3', '', '', 'def test_div_by_zero():', '    assert div(1, 0) == 0', '', '', 'def test_div():', '    assert div(4, 2) == 2', ''].join('\n'),
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('collectPytestCoverage', () => {
  it('records the lines each test executed and how it ended', async () => {
    const report = await collectPytestCoverage({ root, timeoutMs: 60_000, signal: new AbortController().signal, logger: silentLogger });
    expect(report).toMatchObject({ framework: 'pytest', granularity: 'test' });
    const byId = Object.fromEntries(report.tests.map((t) => [t.id, t]));
    expect(Object.keys(byId).sort()).toEqual(['tests/test_ops.py::test_add', 'tests/test_ops.py::test_div', 'tests/test_ops.py::test_div_by_zero']);
    expect(byId['tests/test_ops.py::test_add']).toMatchObject({ outcome: 'passed', lines: { 'calc/ops.py': [1, 2], 'tests/test_ops.py': [4, 5] } });
    expect(byId['tests/test_ops.py::test_div_by_zero'].outcome).toBe('failed');
    expect(byId['tests/test_ops.py::test_div_by_zero'].lines['calc/ops.py']).toEqual([5, 6, 7]);
    expect(byId['tests/test_ops.py::test_div'].lines['calc/ops.py']).toEqual([5, 6, 8]);
    // Nothing ran `unused`, and the run left no bytecode or cache in the project.
    expect(report.tests.some((t) => t.lines['calc/ops.py']?.includes(12))).toBe(false);
    expect(readdirSync(root)).not.toContain('.pytest_cache');
    expect(existsSync(path.join(root, 'calc', '__pycache__'))).toBe(false);
    expect(existsSync(path.join(root, 'tests', '__pycache__'))).toBe(false);
  });

  it('fails with a clear error when pytest cannot run', async () => {
    await expect(collectPytestCoverage({ root, command: 'selfdebug-no-such-python -m pytest', timeoutMs: 30_000, signal: new AbortController().signal, logger: silentLogger })).rejects.toThrow(CoverageError);
    await expect(collectPytestCoverage({ root, command: 'selfdebug-no-such-python -m pytest', timeoutMs: 30_000, signal: new AbortController().signal, logger: silentLogger })).rejects.toThrow(/wrote no coverage/);
  });
});
