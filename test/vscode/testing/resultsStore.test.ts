import { describe, expect, it } from 'vitest';
import { ResultsStore } from '../../../src/vscode/testing/resultsStore';
import type { TestRunResult, TestStatus } from '../../../src/core/testing/types';

function result(tests: [string, TestStatus][], extra: Partial<TestRunResult> = {}): TestRunResult {
  return {
    framework: 'pytest',
    command: 'pytest',
    passed: 0,
    failed: 0,
    skipped: 0,
    errors: 0,
    ms: 1,
    tests: tests.map(([id, status]) => ({ id, name: id.split('::').pop()!, file: id.split('::')[0]!, status, line: 1 })),
    failures: tests.filter(([, s]) => s === 'failed').map(([id]) => ({ id, file: id.split('::')[0]!, line: 1, message: 'boom', stack: [], kind: 'failed' as const })),
    collectionErrors: [],
    exitCode: 1,
    timedOut: false,
    cancelled: false,
    output: '',
    ...extra,
  };
}

describe('ResultsStore', () => {
  it('keeps the latest status of every test that ran, updating only what a partial run covered', () => {
    const store = new ResultsStore();
    store.update('/f', result([['a.py::t1', 'failed'], ['a.py::t2', 'failed'], ['b.py::t3', 'passed']]));
    store.update('/f', result([['a.py::t1', 'passed']]), { testIds: ['a.py::t1'] });
    expect(store.get('/f')!.failures.map((f) => f.id)).toEqual(['a.py::t2']);
    expect(store.get('/f')!.tests.map((t) => [t.id, t.status]).sort()).toEqual([
      ['a.py::t1', 'passed'],
      ['a.py::t2', 'failed'],
      ['b.py::t3', 'passed'],
    ]);
    // A file run replaces that file's tests (t2 was deleted from a.py) and leaves b.py alone.
    store.update('/f', result([['a.py::t1', 'passed']]), { files: ['a.py'] });
    expect(store.get('/f')!.tests.map((t) => t.id).sort()).toEqual(['a.py::t1', 'b.py::t3']);
    expect(store.failuresIn('/f', 'a.py')).toEqual([]);
  });

  it('replaces everything after a full run, and changes nothing after a run that could not run', () => {
    const store = new ResultsStore();
    store.update('/f', result([['a.py::t1', 'failed']]));
    store.update('/f', result([], { runnerError: 'Timed out' }));
    expect(store.failure('/f', 'a.py::t1')).toBeDefined();
    expect(store.get('/f')!.lastRun.runnerError).toBe('Timed out');
    store.update('/f', result([['b.py::t9', 'passed']]));
    expect(store.get('/f')!.tests.map((t) => t.id)).toEqual(['b.py::t9']);
    expect(store.failure('/f', 'a.py::t1')).toBeUndefined();
  });

  it('keeps collection errors of files a partial run did not cover, and tells listeners', () => {
    const store = new ResultsStore();
    const seen: number[] = [];
    store.onDidChange((r) => seen.push(r.collectionErrors.length));
    store.update('/f', result([], { collectionErrors: [{ file: 'bad.py', message: 'SyntaxError' }, { file: 'other.py', message: 'ImportError' }] }));
    store.update('/f', result([['bad.py::t', 'passed']]), { files: ['bad.py'] });
    expect(store.get('/f')!.collectionErrors).toEqual([{ file: 'other.py', message: 'ImportError' }]);
    expect(seen).toEqual([2, 1]);
  });
});
