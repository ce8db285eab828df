import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../src/core/config';
import { ReportFormatError, type ReportContext } from '../../../../src/core/testing/adapters/adapter';
import { SourceCache } from '../../../../src/core/testing/locate';
import { errorMessage, readJsReport } from '../../../../src/core/testing/reports/jsReport';

const folder = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-jsreport-'));
mkdirSync(path.join(folder, 'tests'));
writeFileSync(path.join(folder, 'tests/a.test.js'), "describe('Cart', () => {\n  it('adds', () => {});\n  before(() => {});\n});\n");

function context(framework: 'vitest' | 'mocha' | 'node-test'): ReportContext {
  return {
    folder,
    runDir: folder,
    detection: { framework, reasons: [] },
    selection: { files: [], testIds: [] },
    reportFile: '',
    config: defaultConfig,
    sandboxed: false,
    color: false,
    env: {},
    sources: new SourceCache(folder),
  };
}

const file = path.join(folder, 'tests/a.test.js');

describe('readJsReport', () => {
  it('turns each reported test into an id, a status and a failure', async () => {
    const report = {
      runner: 'vitest',
      tests: [
        { file, titles: ['Cart', 'adds'], status: 'passed', durationMs: 1.5, line: 2, column: 3, errors: [] },
        {
          file,
          titles: ['Cart', 'totals'],
          status: 'failed',
          line: 9,
          output: 'log line\n',
          errors: [{ name: 'AssertionError', message: 'expected 2 to be 6', stack: `AssertionError: expected 2 to be 6\n    at ${file}:10:48`, expected: '6', actual: '2' }],
        },
        { file, titles: ['Cart', 'later'], status: 'skipped', errors: [] },
      ],
      fileErrors: [],
      unhandledErrors: [],
    };
    const { tests } = await readJsReport(JSON.stringify(report), context('vitest'));
    expect(tests.map((t) => [t.id, t.status, t.line])).toEqual([
      ['tests/a.test.js::Cart > adds', 'passed', 2],
      ['tests/a.test.js::Cart > totals', 'failed', 9],
      ['tests/a.test.js::Cart > later', 'skipped', undefined],
    ]);
    expect(tests[1]!.failure).toEqual({
      message: 'AssertionError: expected 2 to be 6',
      expected: '6',
      actual: '2',
      stack: [{ file: 'tests/a.test.js', line: 10, column: 48, function: '<anonymous>', inWorkspace: true }],
      output: 'log line\n',
    });
  });

  it('finds the line in the source when the runner gives none (mocha), and makes failed hooks errors', async () => {
    const report = {
      runner: 'mocha',
      tests: [
        { file, titles: ['Cart', 'adds'], status: 'passed', errors: [] },
        { file, titles: ['Cart', '"before all" hook'], status: 'failed', hook: true, errors: [{ message: 'db down' }] },
      ],
      fileErrors: [],
      unhandledErrors: [],
    };
    const { tests } = await readJsReport(JSON.stringify(report), context('mocha'));
    expect(tests[0]!.line).toBe(2);
    expect(tests[1]).toMatchObject({ status: 'error', failure: { message: 'db down' } });
  });

  it('reports files that did not load with the runner\'s words, using the output when the error says only "test failed"', async () => {
    const report = {
      runner: 'node-test',
      tests: [],
      fileErrors: [
        { file, errors: [{ message: 'test failed', failureType: 'testCodeFailure' }], output: `${file}:3\n  const x = {;\n\nSyntaxError: Unexpected token ';'\n` },
        { file, suite: ['Cart'], errors: [{ name: 'Error', message: 'beforeAll failed', stack: `Error: beforeAll failed\n    at ${file}:3:5` }] },
      ],
      unhandledErrors: [{ name: 'Error', message: 'late rejection', stack: `Error: late rejection\n    at ${file}:2:1` }],
    };
    const { collectionErrors } = await readJsReport(JSON.stringify(report), context('node-test'));
    expect(collectionErrors).toHaveLength(3);
    expect(collectionErrors[0]).toMatchObject({ file: 'tests/a.test.js', line: 3 });
    expect(collectionErrors[0]!.message).toContain("SyntaxError: Unexpected token ';'");
    expect(collectionErrors[1]).toMatchObject({ file: 'tests/a.test.js', line: 3, message: 'In "Cart": beforeAll failed' });
    expect(collectionErrors[2]).toMatchObject({ file: 'tests/a.test.js', line: 2, message: 'Unhandled error: late rejection' });
  });

  it('rejects a report that is not JSON or has the wrong shape', async () => {
    await expect(readJsReport('{oops', context('vitest'))).rejects.toThrow(ReportFormatError);
    await expect(readJsReport(JSON.stringify({ runner: 'x', tests: [{ titles: 'no' }] }), context('vitest'))).rejects.toThrow(/unexpected shape/);
  });
});

describe('errorMessage', () => {
  it('prefixes the error name only when it adds something', () => {
    expect(errorMessage({ name: 'TypeError', message: 'x is undefined' })).toBe('TypeError: x is undefined');
    expect(errorMessage({ name: 'Error', message: 'plain' })).toBe('plain');
    expect(errorMessage({ name: 'AssertionError', message: 'AssertionError: already there' })).toBe('AssertionError: already there');
  });
});
