// SelfDebug reporter for `node --test` (used next to the spec reporter, which keeps the terminal
// output). Yields one JSON report at the end, written by node to the reporter's destination file:
// per test the title path, file, line, status, duration and the error with expected/actual.
import { inspect } from 'node:util';

function show(value) {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const json = JSON.stringify(value, null, 2);
    // Maps, Sets and class instances serialise as "{}": inspect shows them better.
    if (json !== undefined && (json !== '{}' || Object.getPrototypeOf(value) === Object.prototype)) return json;
  } catch {
    // circular: fall through
  }
  return inspect(value, { depth: 6, breakLength: 80 });
}

function serializeError(error) {
  // The runner wraps what the test threw in an ERR_TEST_FAILURE whose cause is the original.
  // (An Error's message and stack are not enumerable: test for them, not for keys.)
  const cause = error && typeof error === 'object' ? error.cause : undefined;
  const original = cause && typeof cause === 'object' && (typeof cause.message === 'string' || typeof cause.stack === 'string') ? cause : error;
  if (!original || typeof original !== 'object') return { message: String(original) };
  const hasExpectation = 'expected' in original || 'actual' in original;
  return {
    name: typeof original.name === 'string' ? original.name : undefined,
    message: typeof original.message === 'string' ? original.message : String(original),
    stack: typeof original.stack === 'string' ? original.stack : undefined,
    expected: hasExpectation ? show(original.expected) : undefined,
    actual: hasExpectation ? show(original.actual) : undefined,
    failureType: error && typeof error === 'object' ? error.failureType : undefined,
  };
}

const keepTail = (text, max = 8192) => (text.length > max ? text.slice(text.length - max) : text);

export default async function* selfDebugNodeTestReporter(source) {
  const tests = [];
  const fileErrors = [];
  const stacks = new Map(); // file -> titles of the tests being run, by nesting level
  const output = new Map(); // file -> tail of what the file's process printed
  for await (const event of source) {
    const data = event.data ?? {};
    const file = data.file;
    if (event.type === 'test:stdout' || event.type === 'test:stderr') {
      if (file) output.set(file, keepTail((output.get(file) ?? '') + data.message));
      continue;
    }
    if (event.type === 'test:start') {
      const stack = stacks.get(file) ?? [];
      stack.length = data.nesting;
      stack[data.nesting] = data.name;
      stacks.set(file, stack);
      continue;
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const details = data.details ?? {};
    const isFileEntry = file !== undefined && data.name === file && data.nesting === 0;
    if (isFileEntry || details.type === 'suite') {
      // A file or suite failing for its own reason (it could not load, a hook threw) rather
      // than because some of its tests failed.
      if (event.type === 'test:fail' && details.error?.failureType !== 'subtestsFailed') {
        fileErrors.push({ file, suite: isFileEntry ? undefined : [...(stacks.get(file) ?? []).slice(0, data.nesting), data.name], errors: [serializeError(details.error)], output: output.get(file) });
      }
      continue;
    }
    const ancestors = (stacks.get(file) ?? []).slice(0, data.nesting);
    tests.push({
      file,
      titles: [...ancestors, data.name],
      status: data.skip !== undefined || data.todo !== undefined ? 'skipped' : event.type === 'test:pass' ? 'passed' : 'failed',
      durationMs: details.duration_ms,
      line: data.line,
      column: data.column,
      errors: event.type === 'test:fail' ? [serializeError(details.error)] : [],
    });
  }
  yield JSON.stringify({ runner: 'node-test', tests, fileErrors, unhandledErrors: [] });
}
