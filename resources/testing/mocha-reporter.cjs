// SelfDebug reporter for mocha: prints what mocha's "spec" reporter prints (so the terminal looks
// as usual) and writes one JSON report to $SELFDEBUG_REPORT_FILE with, per test, the title path,
// file, status, duration and the error (message, stack, expected, actual).
'use strict';
const { createRequire } = require('node:module');
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const { inspect } = require('node:util');

/** Mocha itself, from the copy that is running us (not from wherever this file lives). */
function loadMocha() {
  const bases = [require.main && require.main.filename, path.join(process.cwd(), 'package.json')].filter(Boolean);
  for (const base of bases) {
    try {
      return createRequire(base)('mocha');
    } catch {
      // try the next place
    }
  }
  return undefined;
}

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
  if (!error || typeof error !== 'object') return { message: String(error) };
  const hasExpectation = 'expected' in error || 'actual' in error;
  return {
    name: typeof error.name === 'string' ? error.name : undefined,
    message: typeof error.message === 'string' ? error.message : String(error),
    stack: typeof error.stack === 'string' ? error.stack : undefined,
    expected: hasExpectation && error.showDiff !== false ? show(error.expected) : undefined,
    actual: hasExpectation && error.showDiff !== false ? show(error.actual) : undefined,
  };
}

function titlePath(runnable) {
  if (typeof runnable.titlePath === 'function') return runnable.titlePath();
  const titles = [];
  for (let node = runnable; node; node = node.parent) if (node.title) titles.unshift(node.title);
  return titles;
}

class SelfDebugMochaReporter {
  constructor(runner, options) {
    const tests = [];
    const record = (test, status, error) => {
      const file = test.file || (test.parent && test.parent.file);
      tests.push({
        file,
        titles: titlePath(test),
        status,
        hook: test.type === 'hook' ? true : undefined,
        durationMs: typeof test.duration === 'number' ? test.duration : undefined,
        errors: error ? [serializeError(error)] : [],
      });
    };
    runner.on('pass', (test) => record(test, 'passed'));
    runner.on('pending', (test) => record(test, 'skipped'));
    runner.on('fail', (test, error) => record(test, 'failed', error));
    runner.once('end', () => {
      const target = process.env.SELFDEBUG_REPORT_FILE;
      if (target) writeFileSync(target, JSON.stringify({ runner: 'mocha', tests, fileErrors: [], unhandledErrors: [] }));
    });
    // The usual human-readable output, from mocha's own spec reporter. Created after our
    // listeners: its 'fail' handler rewrites err.actual/err.expected into diff strings.
    const mocha = loadMocha();
    if (mocha && mocha.reporters && mocha.reporters.Spec) new mocha.reporters.Spec(runner, options);
  }
}

module.exports = SelfDebugMochaReporter;
