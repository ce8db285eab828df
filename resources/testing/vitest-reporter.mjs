// SelfDebug reporter for vitest (loaded next to the default reporter, which keeps the terminal
// output). Writes one JSON report to $SELFDEBUG_REPORT_FILE with, per test, the titles, status,
// location and the errors as vitest serialised them (message, stack, expected, actual).
// Works with the vitest >= 3 hook (onTestRunEnd) and the older one (onFinished).
import { writeFileSync } from 'node:fs';

function serializeError(error) {
  if (!error || typeof error !== 'object') return { message: String(error) };
  const text = (value) => (value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value));
  return {
    name: typeof error.name === 'string' ? error.name : undefined,
    message: typeof error.message === 'string' ? error.message : String(error),
    stack: typeof error.stack === 'string' ? error.stack : undefined,
    expected: text(error.expected),
    actual: text(error.actual),
  };
}

function titlesOf(task) {
  const titles = [task.name];
  for (let suite = task.suite; suite && suite.type !== undefined && suite.filepath === undefined; suite = suite.suite) {
    if (suite.name) titles.unshift(suite.name);
  }
  return titles;
}

const statusOf = (task) => {
  const state = task.result?.state;
  if (state === 'pass') return 'passed';
  if (state === 'fail') return 'failed';
  return 'skipped';
};

function collect(files, unhandled, logs) {
  const report = { runner: 'vitest', tests: [], fileErrors: [], unhandledErrors: (unhandled ?? []).map(serializeError) };
  const visit = (task, file) => {
    if (task.type === 'test' || task.type === 'custom') {
      report.tests.push({
        file,
        titles: titlesOf(task),
        status: statusOf(task),
        durationMs: task.result?.duration,
        line: task.location?.line,
        column: task.location?.column,
        errors: (task.result?.errors ?? []).map(serializeError),
        output: logs.get(task.id),
      });
      return;
    }
    // A suite that failed by itself (beforeAll threw, describe body threw).
    if (task !== undefined && task.filepath === undefined && task.result?.state === 'fail' && task.result.errors?.length) {
      report.fileErrors.push({ file, suite: titlesOf(task), errors: task.result.errors.map(serializeError) });
    }
    for (const child of task.tasks ?? []) visit(child, file);
  };
  for (const file of files) {
    // A file that could not be loaded (syntax error, failed import) has errors and no tests.
    if (file.result?.errors?.length) report.fileErrors.push({ file: file.filepath, errors: file.result.errors.map(serializeError) });
    for (const child of file.tasks ?? []) visit(child, file.filepath);
  }
  return report;
}

const MAX_LOG = 4000;

export default class SelfDebugVitestReporter {
  written = false;
  /** What each test printed (console.log and friends), head only. */
  logs = new Map();

  write(files, unhandled) {
    const target = process.env.SELFDEBUG_REPORT_FILE;
    if (!target || this.written) return;
    this.written = true;
    writeFileSync(target, JSON.stringify(collect(files, unhandled, this.logs)));
  }

  onUserConsoleLog(log) {
    if (!log?.taskId || typeof log.content !== 'string') return;
    const before = this.logs.get(log.taskId) ?? '';
    if (before.length < MAX_LOG) this.logs.set(log.taskId, (before + log.content).slice(0, MAX_LOG));
  }

  onTestRunEnd(testModules, unhandledErrors) {
    this.write(testModules.map((m) => m.task), unhandledErrors);
  }

  onFinished(files, errors) {
    this.write(files ?? [], errors);
  }
}
