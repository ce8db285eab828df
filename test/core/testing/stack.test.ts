import { describe, expect, it } from 'vitest';
import { mapPath } from '../../../src/core/testing/paths';
import { mapPythonFrames, parsePytestText, parseV8Stack } from '../../../src/core/testing/stack';

const ctx = { folder: '/work/proj', runDir: '/tmp/sbx/proj', dependencyDirs: ['/work/proj/.venv'] };

describe('mapPath', () => {
  it('makes workspace paths folder-relative, from the folder or from its sandbox copy', () => {
    expect(mapPath('/work/proj/src/a.js', ctx)).toEqual({ file: 'src/a.js', inWorkspace: true });
    expect(mapPath('/tmp/sbx/proj/src/a.js', ctx)).toEqual({ file: 'src/a.js', inWorkspace: true });
    expect(mapPath('file:///tmp/sbx/proj/src/a.mjs', ctx)).toEqual({ file: 'src/a.mjs', inWorkspace: true });
    expect(mapPath('src/a.js', ctx)).toEqual({ file: 'src/a.js', inWorkspace: true });
  });

  it('marks dependencies, the runtime and other places as outside the workspace', () => {
    expect(mapPath('/tmp/sbx/proj/node_modules/x/i.js', ctx)).toEqual({ file: '/work/proj/node_modules/x/i.js', inWorkspace: false });
    expect(mapPath('/work/proj/.venv/lib/python3.11/site-packages/y.py', ctx).inWorkspace).toBe(false);
    expect(mapPath('node:internal/timers', ctx)).toEqual({ file: 'node:internal/timers', inWorkspace: false });
    expect(mapPath('/usr/lib/python3.11/unittest/case.py', ctx)).toEqual({ file: '/usr/lib/python3.11/unittest/case.py', inWorkspace: false });
  });
});

describe('parseV8Stack', () => {
  it('reads every frame form and puts the innermost frame last', () => {
    const stack = [
      "TypeError: Cannot read properties of undefined (reading 'percent')",
      '    at applyDiscount (/tmp/sbx/proj/src/cart.js:7:28)',
      '    at /tmp/sbx/proj/tests/cart.test.js:14:12',
      '    at async run (file:///work/proj/node_modules/@vitest/runner/dist/index.js:3:4)',
      '    at new Promise (<anonymous>)',
      '    at Test.run (node:internal/test_runner/test:796:25)',
    ].join('\n');
    expect(parseV8Stack(stack, ctx)).toEqual([
      { file: 'node:internal/test_runner/test', line: 796, column: 25, function: 'Test.run', inWorkspace: false },
      { file: '/work/proj/node_modules/@vitest/runner/dist/index.js', line: 3, column: 4, function: 'run', inWorkspace: false },
      { file: 'tests/cart.test.js', line: 14, column: 12, function: '<anonymous>', inWorkspace: true },
      { file: 'src/cart.js', line: 7, column: 28, function: 'applyDiscount', inWorkspace: true },
    ]);
  });

  it('keeps function names with spaces and aliases', () => {
    const [frame] = parseV8Stack('Error\n    at Context.<anonymous> [as fn] (tests/a.test.js:4:10)', ctx);
    expect(frame).toMatchObject({ file: 'tests/a.test.js', line: 4, function: 'Context.<anonymous> [as fn]', inWorkspace: true });
  });

  it('returns no frames for a message without a stack', () => {
    expect(parseV8Stack('just a message', ctx)).toEqual([]);
    expect(parseV8Stack(undefined, ctx)).toEqual([]);
  });
});

describe('Python frames', () => {
  it('maps the plugin frames', () => {
    expect(mapPythonFrames([{ file: '/tmp/sbx/proj/cart.py', line: 3, function: 'total' }], ctx)).toEqual([{ file: 'cart.py', line: 3, function: 'total', inWorkspace: true }]);
  });

  it('falls back to the locations in pytest text', () => {
    const text = [
      'def test_x():',
      '>       assert total([1]) == 2',
      'tests/test_cart.py:8: in test_x',
      '    ...',
      '/work/proj/cart.py:3: TypeError',
      '  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads',
    ].join('\n');
    expect(parsePytestText(text, ctx)).toEqual([
      { file: 'tests/test_cart.py', line: 8, function: 'test_x', inWorkspace: true },
      { file: 'cart.py', line: 3, function: '', inWorkspace: true },
      { file: '/usr/lib/python3.11/json/__init__.py', line: 346, function: 'loads', inWorkspace: false },
    ]);
  });
});
