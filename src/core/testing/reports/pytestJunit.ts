// Reads pytest's JUnit XML (`--junitxml`, xunit1 family for file and line attributes), parsed with
// fast-xml-parser and validated with zod, plus the properties SelfDebug's plugin adds to each test
// case (resources/testing/pytest/selfdebug_pytest.py): node id, location, traceback frames,
// expected/actual, output excerpt.
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { ReportFormatError, type ReportContext } from '../adapters/adapter';
import { locatePythonTest } from '../locate';
import { mapPath, relativeTestFile } from '../paths';
import { mapPythonFrames, parsePytestText } from '../stack';
import { excerpt } from '../text';
import type { CollectionError, TestStatus } from '../types';
import type { ParsedReport, ParsedTest } from './parsed';

const outcomeSchema = z.looseObject({ message: z.string().optional(), type: z.string().optional(), '#text': z.string().optional() });
const propertySchema = z.looseObject({ name: z.string(), value: z.string().optional() });

const testCaseSchema = z.looseObject({
  name: z.string(),
  classname: z.string().optional(),
  file: z.string().optional(),
  line: z.string().optional(),
  time: z.string().optional(),
  failure: z.array(outcomeSchema).optional(),
  error: z.array(outcomeSchema).optional(),
  skipped: z.array(outcomeSchema).optional(),
  properties: z.looseObject({ property: z.array(propertySchema).optional() }).optional(),
});
type TestCase = z.infer<typeof testCaseSchema>;

const testSuiteSchema = z.looseObject({ testcase: z.array(testCaseSchema).optional() });
// <testsuites><testsuite>… (pytest ≥ 5.1) or a bare <testsuite> (older pytest).
const junitSchema = z.looseObject({
  testsuites: z.looseObject({ testsuite: z.array(testSuiteSchema).optional() }).optional(),
  testsuite: z.array(testSuiteSchema).optional(),
});

const locationSchema = z.object({ file: z.string(), line: z.number().nullable() });
const failureSchema = z.looseObject({
  when: z.string(),
  frames: z.array(z.object({ file: z.string(), line: z.number(), function: z.string() })),
  exception: z.string().optional(),
  message: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  output: z.string().optional(),
});

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // pytest writes newlines in attributes as &#10;.
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'property', 'failure', 'error', 'skipped'].includes(name),
});

export function parseJunitXml(text: string): TestCase[] {
  let doc: unknown;
  try {
    doc = xml.parse(text);
  } catch (error) {
    throw new ReportFormatError(`The pytest JUnit report is not valid XML: ${(error as Error).message}`);
  }
  const parsed = junitSchema.safeParse(doc);
  if (!parsed.success || (!parsed.data.testsuites && !parsed.data.testsuite)) {
    throw new ReportFormatError(`The pytest JUnit report has an unexpected shape: ${parsed.success ? 'no <testsuites> or <testsuite>' : parsed.error.issues[0]?.message}`);
  }
  const suites = parsed.data.testsuites?.testsuite ?? parsed.data.testsuite ?? [];
  return suites.flatMap((suite) => suite.testcase ?? []);
}

function jsonProperty<T>(value: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** "assert 2 == 6" or "AssertionError: 2 != 6" on one line: actual on the left, expected on the right. */
export function expectationFromMessage(message: string): { actual: string; expected: string } | undefined {
  const first = message.split('\n')[0]!.trim();
  const assertEq = /^(?:AssertionError: )?assert (.+?) == (.+)$/.exec(first);
  if (assertEq) return { actual: assertEq[1]!, expected: assertEq[2]! };
  const unittestNe = /^AssertionError: (.+?) != (.+)$/.exec(first);
  if (unittestNe) return { actual: unittestNe[1]!, expected: unittestNe[2]! };
  return undefined;
}

/** A node id rebuilt from file, classname and name when the plugin's property is missing. */
function nodeIdOf(testCase: TestCase, file: string): string {
  const modulePath = file.replace(/\.py$/, '').split('/').join('.');
  const classname = testCase.classname ?? '';
  const classes = classname.startsWith(modulePath) ? classname.slice(modulePath.length).split('.').filter(Boolean) : [];
  return [file, ...classes, testCase.name].join('::');
}

function isCollectionFailure(testCase: TestCase): boolean {
  return !testCase.classname && (testCase.error ?? []).some((e) => e.message === 'collection failure');
}

/** The file a collection failure is about, and its line when pytest shows one. */
function collectionError(testCase: TestCase, ctx: ReportContext): CollectionError {
  const text = testCase.error?.[0]?.['#text'] ?? testCase.error?.[0]?.message ?? 'collection failure';
  const file = testCase.file ? relativeTestFile(testCase.file, ctx) : `${testCase.name.split('.').join('/')}.py`;
  let line: number | undefined;
  for (const match of text.matchAll(/File "(.+?)", line (\d+)|^(\S+\.py):(\d+):/gm)) {
    const where = match[1] ?? match[3]!;
    if (mapPath(where, ctx).file === file) line = Number(match[2] ?? match[4]);
  }
  return { file, line, message: excerpt(text.trim()) };
}

export async function readPytestJunit(text: string, ctx: ReportContext): Promise<ParsedReport> {
  const tests: ParsedTest[] = [];
  const collectionErrors: CollectionError[] = [];
  for (const testCase of parseJunitXml(text)) {
    if (isCollectionFailure(testCase)) {
      collectionErrors.push(collectionError(testCase, ctx));
      continue;
    }
    const props = new Map<string, string | undefined>();
    for (const p of testCase.properties?.property ?? []) if (!props.has(p.name)) props.set(p.name, p.value);
    const location = jsonProperty(props.get('selfdebug.location'), locationSchema);
    const file = location ? relativeTestFile(location.file, ctx) : testCase.file ? relativeTestFile(testCase.file, ctx) : '';
    const id = props.get('selfdebug.nodeid') ?? nodeIdOf(testCase, file);
    const failed = testCase.failure?.[0];
    const errored = testCase.error?.[0];
    const status: TestStatus = failed ? 'failed' : errored ? 'error' : testCase.skipped ? 'skipped' : 'passed';
    let line = location?.line ?? (testCase.line !== undefined ? Number(testCase.line) + 1 : undefined);
    if (line === undefined && file) {
      const source = await ctx.sources.read(file);
      if (source) line = locatePythonTest(source, testCase.name);
    }
    const parsed: ParsedTest = { id, name: id.split('::').pop() ?? testCase.name, file, line, status };
    if (testCase.time !== undefined) parsed.durationMs = Math.round(Number(testCase.time) * 1000);
    const outcome = failed ?? errored;
    if (outcome) {
      const plugin = jsonProperty(props.get('selfdebug.failure'), failureSchema);
      const exceptionLine = plugin?.exception ? `${plugin.exception}: ${plugin.message ?? ''}`.trim() : undefined;
      // pytest's message for a failure is the assertion explanation; for an error in a fixture it
      // says "failed on setup with ...", where the exception itself reads better.
      const message = (status === 'error' ? exceptionLine : undefined) ?? outcome.message ?? exceptionLine ?? 'Failed';
      const values = plugin?.expected !== undefined ? { expected: plugin.expected, actual: plugin.actual ?? '' } : expectationFromMessage(message);
      parsed.failure = {
        message,
        expected: values?.expected,
        actual: values?.actual,
        stack: plugin ? mapPythonFrames(plugin.frames, ctx) : parsePytestText(outcome['#text'], ctx),
        output: plugin?.output,
      };
    }
    tests.push(parsed);
  }
  return { tests, collectionErrors };
}
