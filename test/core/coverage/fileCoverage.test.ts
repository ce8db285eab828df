// Per-file coverage for the editor: statement lines inside functions, which of them the tests
// ran, and which test ran which.
import { describe, expect, it } from 'vitest';
import { summarizeByFile } from '../../../src/core/coverage/fileCoverage';
import type { CoverageReport } from '../../../src/core/coverage/types';

const calc = [
  'import math', //                 1  (import time: not counted)
  '', //                            2
  'def add(a, b):', //              3  (definition line: not counted)
  '    total = a + b', //           4
  '    return total', //            5
  '', //                            6
  'def unused(x):', //              7
  '    if x:', //                   8
  '        return math.sqrt(x)', // 9
  '    return 0', //                10
  '', //                            11
  'class Box:', //                  12
  '    size = 3', //                13 (class body: not counted)
  '    def grow(self):', //         14
  '        self.size += 1', //      15
].join('\n');

const report: CoverageReport = {
  framework: 'pytest',
  granularity: 'test',
  command: 'pytest',
  ms: 10,
  warnings: [],
  tests: [
    { id: 'tests/test_calc.py::test_add', outcome: 'passed', lines: { 'calc.py': [1, 3, 4, 5], 'tests/test_calc.py': [2, 3] } },
    { id: 'tests/test_calc.py::test_grow', outcome: 'failed', lines: { 'calc.py': [15] } },
    { id: 'tests/test_calc.py::test_other', outcome: 'passed', lines: { 'tests/test_calc.py': [9] } },
  ],
};

describe('summarizeByFile', () => {
  it('counts the statements inside functions, the ones any test ran, and which test ran which', async () => {
    const summaries = await summarizeByFile(report, async (file) => (file === 'calc.py' ? calc : undefined));
    expect(summaries).toEqual([
      {
        file: 'calc.py',
        statements: [4, 5, 8, 9, 10, 15],
        executed: [4, 5, 15],
        byTest: { 'tests/test_calc.py::test_add': [4, 5], 'tests/test_calc.py::test_grow': [15] },
      },
    ]);
  });

  it('leaves out test files and files it cannot read', async () => {
    const summaries = await summarizeByFile(report, async () => undefined);
    expect(summaries).toEqual([]);
  });
});
