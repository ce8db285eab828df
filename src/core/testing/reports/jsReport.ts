// Reads the JSON report written by SelfDebug's own reporters for vitest, mocha and node --test
// (resources/testing/*-reporter.*). One schema for the three, validated with zod.
import { z } from 'zod';
import { ReportFormatError, type ReportContext } from '../adapters/adapter';
import { locateJsTest } from '../locate';
import { mapPath, relativeTestFile } from '../paths';
import { parseV8Stack } from '../stack';
import { jsTestId } from '../testIds';
import { excerpt, stripAnsi } from '../text';
import type { CollectionError } from '../types';
import type { ParsedReport, ParsedTest } from './parsed';

const errorSchema = z.looseObject({
  name: z.string().nullish(),
  message: z.string().nullish(),
  stack: z.string().nullish(),
  expected: z.string().nullish(),
  actual: z.string().nullish(),
  failureType: z.string().nullish(),
});
type ReportedError = z.infer<typeof errorSchema>;

const testSchema = z.looseObject({
  file: z.string().nullish(),
  titles: z.array(z.string()),
  status: z.enum(['passed', 'failed', 'skipped']),
  hook: z.boolean().nullish(),
  durationMs: z.number().nullish(),
  line: z.number().nullish(),
  column: z.number().nullish(),
  output: z.string().nullish(),
  errors: z.array(errorSchema),
});

const fileErrorSchema = z.looseObject({
  file: z.string().nullish(),
  suite: z.array(z.string()).nullish(),
  errors: z.array(errorSchema),
  output: z.string().nullish(),
});

export const jsReportSchema = z.looseObject({
  runner: z.string(),
  tests: z.array(testSchema),
  fileErrors: z.array(fileErrorSchema),
  unhandledErrors: z.array(errorSchema),
});

export function parseJsonReport<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ReportFormatError(`The ${what} report is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReportFormatError(`The ${what} report has an unexpected shape (${issue?.path.join('.')}: ${issue?.message})`);
  }
  return parsed.data;
}

/** "AssertionError: expected 2 to be 6" — the runner's words, with the error's name when it adds something. */
export function errorMessage(error: ReportedError): string {
  const message = stripAnsi(error.message ?? '').trim();
  const name = error.name ?? '';
  if (!name || name === 'Error' || message.startsWith(name)) return message || name || 'Error';
  return message ? `${name}: ${message}` : name;
}

export async function readJsReport(text: string, ctx: ReportContext): Promise<ParsedReport> {
  const report = parseJsonReport(text, jsReportSchema, ctx.detection.framework);
  const tests: ParsedTest[] = [];
  for (const test of report.tests) {
    const file = test.file ? relativeTestFile(test.file, ctx) : '';
    const failed = test.status === 'failed';
    // A failing mocha hook ("before each" hook for "x") is an error, not a failed test.
    const status = failed ? (test.hook ? 'error' : 'failed') : test.status;
    let line = test.line ?? undefined;
    if (line === undefined && file) {
      const source = await ctx.sources.read(file);
      if (source) line = locateJsTest(source, test.titles);
    }
    const first = test.errors[0];
    const parsed: ParsedTest = {
      id: jsTestId(file, test.titles),
      name: test.titles[test.titles.length - 1] ?? '',
      file,
      line,
      status,
      durationMs: test.durationMs ?? undefined,
    };
    if (failed) {
      const messages = test.errors.map(errorMessage);
      parsed.failure = {
        message: messages.length ? messages.join('\n\n') : 'Failed (the runner gave no reason)',
        expected: first?.expected ?? undefined,
        actual: first?.actual ?? undefined,
        stack: parseV8Stack(first?.stack ?? undefined, ctx),
        output: test.output ? excerpt(stripAnsi(test.output)) : undefined,
      };
    }
    tests.push(parsed);
  }
  const collectionErrors: CollectionError[] = [];
  for (const fileError of report.fileErrors) {
    const file = fileError.file ? relativeTestFile(fileError.file, ctx) : undefined;
    const messages = fileError.errors.map((error) => {
      // node --test says only "test failed" for a file that did not load; its stderr says why.
      const generic = !error.stack && /^test failed$/i.test(error.message ?? '');
      return generic && fileError.output ? stripAnsi(fileError.output).trim() : errorMessage(error);
    });
    const where = fileError.suite?.length ? `In "${fileError.suite.join(' > ')}": ` : '';
    collectionErrors.push({ file, message: excerpt(where + messages.join('\n\n')), line: lineIn(file, fileError.errors[0], fileError.output ?? undefined, ctx) });
  }
  for (const error of report.unhandledErrors) {
    const frame = parseV8Stack(error.stack ?? undefined, ctx).reverse().find((f) => f.inWorkspace);
    collectionErrors.push({ file: frame?.file, line: frame?.line, message: `Unhandled error: ${errorMessage(error)}` });
  }
  return { tests, collectionErrors };
}

/** The line of a file-level error in that file, from its stack or from "file:line" in its output. */
function lineIn(file: string | undefined, error: ReportedError | undefined, output: string | undefined, ctx: ReportContext): number | undefined {
  if (!file) return undefined;
  const frame = parseV8Stack(error?.stack ?? undefined, ctx).find((f) => f.file === file);
  if (frame) return frame.line;
  for (const match of stripAnsi(output ?? '').matchAll(/(\S+?):(\d+)(?::\d+)?/g)) {
    if (mapPath(match[1]!, ctx).file === file) return Number(match[2]);
  }
  return undefined;
}
