import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../src/core/config';
import type { ReportContext } from '../../../../src/core/testing/adapters/adapter';
import { SourceCache } from '../../../../src/core/testing/locate';
import { readJestReport } from '../../../../src/core/testing/reports/jestJson';

const ctx: ReportContext = {
  folder: '/work/proj',
  runDir: '/work/proj',
  detection: { framework: 'jest', reasons: [] },
  selection: { files: [], testIds: [] },
  reportFile: '',
  config: defaultConfig,
  sandboxed: false,
  color: false,
  env: {},
  sources: new SourceCache('/nonexistent'),
};

// Shaped like jest 30's --json --testLocationInResults output.
const report = {
  numTotalTests: 3,
  testResults: [
    {
      name: '/work/proj/tests/cart.test.js',
      status: 'failed',
      message: '',
      assertionResults: [
        { ancestorTitles: ['Cart'], title: 'adds', status: 'passed', duration: 3, failureMessages: [], failureDetails: [], location: { line: 4, column: 3 } },
        {
          ancestorTitles: ['Cart'],
          title: 'totals',
          status: 'failed',
          duration: 4,
          failureMessages: ['Error: expect(received).toEqual(expected)\n\nExpected: 6\nReceived: 2\n    at Object.toEqual (/work/proj/tests/cart.test.js:9:48)\n    at run (/work/proj/node_modules/jest-circus/build/x.js:1:1)'],
          failureDetails: [{ matcherResult: { actual: { n: 2 }, expected: { n: 6 }, pass: false } }],
          location: { line: 8, column: 3 },
        },
        { ancestorTitles: ['Cart'], title: 'later', status: 'pending', duration: null, failureMessages: [], failureDetails: [], location: { line: 12, column: 8 } },
      ],
    },
    {
      name: '/work/proj/tests/broken.test.js',
      status: 'failed',
      message: "  \u001b[1m● Test suite failed to run\u001b[22m\n\n    Cannot find module '../src/nope' from 'tests/broken.test.js'",
      assertionResults: [],
    },
  ],
};

describe('readJestReport', () => {
  it('reads tests with ids, locations, statuses and matcher expected/actual', async () => {
    const { tests } = await readJestReport(JSON.stringify(report), ctx);
    expect(tests.map((t) => [t.id, t.status, t.line])).toEqual([
      ['tests/cart.test.js::Cart > adds', 'passed', 4],
      ['tests/cart.test.js::Cart > totals', 'failed', 8],
      ['tests/cart.test.js::Cart > later', 'skipped', 12],
    ]);
    expect(tests[1]!.failure).toMatchObject({
      message: 'Error: expect(received).toEqual(expected)\n\nExpected: 6\nReceived: 2',
      expected: '{\n  "n": 6\n}',
      actual: '{\n  "n": 2\n}',
    });
    expect(tests[1]!.failure!.stack.map((f) => [f.file, f.inWorkspace])).toEqual([
      ['/work/proj/node_modules/jest-circus/build/x.js', false],
      ['tests/cart.test.js', true],
    ]);
  });

  it('reports a test file that failed to run as a collection error without colour codes', async () => {
    const { collectionErrors } = await readJestReport(JSON.stringify(report), ctx);
    expect(collectionErrors).toEqual([{ file: 'tests/broken.test.js', message: "● Test suite failed to run\n\n    Cannot find module '../src/nope' from 'tests/broken.test.js'" }]);
  });
});
