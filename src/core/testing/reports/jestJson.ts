// Reads jest's `--json --outputFile` report (with `--testLocationInResults`), validated with zod.
import { z } from 'zod';
import type { ReportContext } from '../adapters/adapter';
import { relativeTestFile } from '../paths';
import { parseV8Stack } from '../stack';
import { jsTestId } from '../testIds';
import { excerpt, messageOfErrorText, showValue, stripAnsi } from '../text';
import type { CollectionError, TestStatus } from '../types';
import { parseJsonReport } from './jsReport';
import type { ParsedReport, ParsedTest } from './parsed';

const assertionSchema = z.looseObject({
  ancestorTitles: z.array(z.string()),
  title: z.string(),
  status: z.string(),
  duration: z.number().nullish(),
  failureMessages: z.array(z.string()).nullish(),
  failureDetails: z.array(z.unknown()).nullish(),
  location: z.looseObject({ line: z.number(), column: z.number().nullish() }).nullish(),
});

const suiteSchema = z.looseObject({
  name: z.string(),
  status: z.string().nullish(),
  message: z.string().nullish(),
  assertionResults: z.array(assertionSchema),
});

export const jestReportSchema = z.looseObject({
  testResults: z.array(suiteSchema),
  runExecError: z.looseObject({ message: z.string().nullish() }).nullish(),
});

const matcherDetails = z.looseObject({
  matcherResult: z.looseObject({ actual: z.unknown().optional(), expected: z.unknown().optional() }),
});

function statusOf(jestStatus: string): TestStatus {
  if (jestStatus === 'passed') return 'passed';
  if (jestStatus === 'failed') return 'failed';
  return 'skipped'; // pending, todo, skipped, disabled
}

export async function readJestReport(text: string, ctx: ReportContext): Promise<ParsedReport> {
  const report = parseJsonReport(text, jestReportSchema, 'jest');
  const tests: ParsedTest[] = [];
  const collectionErrors: CollectionError[] = [];
  for (const suite of report.testResults) {
    const file = relativeTestFile(suite.name, ctx);
    // "Test suite failed to run": the file did not load (syntax error, missing module).
    if (suite.status === 'failed' && suite.assertionResults.length === 0) {
      collectionErrors.push({ file, message: excerpt(stripAnsi(suite.message ?? 'Test suite failed to run').trim()) });
      continue;
    }
    for (const result of suite.assertionResults) {
      const titles = [...result.ancestorTitles, result.title];
      const status = statusOf(result.status);
      const parsed: ParsedTest = {
        id: jsTestId(file, titles),
        name: result.title,
        file,
        line: result.location?.line,
        status,
        durationMs: result.duration ?? undefined,
      };
      if (status === 'failed') {
        const messages = result.failureMessages ?? [];
        const details = (result.failureDetails ?? []).map((d) => matcherDetails.safeParse(d)).find((d) => d.success);
        const matcher = details?.success ? details.data.matcherResult : undefined;
        parsed.failure = {
          message: messages.map(messageOfErrorText).join('\n\n') || 'Failed (jest gave no reason)',
          expected: matcher && 'expected' in matcher ? showValue(matcher.expected) : undefined,
          actual: matcher && 'actual' in matcher ? showValue(matcher.actual) : undefined,
          stack: parseV8Stack(messages[0], ctx),
        };
      }
      tests.push(parsed);
    }
    // Tests ran but the file still failed (an afterAll hook threw): report that too.
    if (suite.status === 'failed' && suite.message && !suite.assertionResults.some((r) => r.status === 'failed')) {
      collectionErrors.push({ file, message: excerpt(stripAnsi(suite.message).trim()) });
    }
  }
  if (report.runExecError?.message) collectionErrors.push({ message: stripAnsi(report.runExecError.message) });
  return { tests, collectionErrors };
}
