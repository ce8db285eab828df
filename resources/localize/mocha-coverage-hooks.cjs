// SelfDebug per-test coverage for mocha: a root-hook plugin loaded with `--require`. It starts V8
// precise block coverage in the process (each worker loads it again under --parallel), resets the
// counters before each test, takes them after it, and when the root suite ends writes the raw
// ranges plus the source text V8 ran to SELFDEBUG_COVERAGE_DIR, in the format of the vitest setup
// file (resources/localize/vitest-coverage-setup.mjs).
'use strict';
const { randomBytes } = require('node:crypto');
const { writeFileSync } = require('node:fs');
const { Session } = require('node:inspector');
const path = require('node:path');
const { inWorkspace, relativeToRoot } = require('./coverage-scripts.cjs');

const outDir = process.env.SELFDEBUG_COVERAGE_DIR;


function titlePath(test) {
  if (typeof test.titlePath === 'function') return test.titlePath();
  const titles = [];
  for (let node = test; node; node = node.parent) if (node.title) titles.unshift(node.title);
  return titles;
}

if (outDir) {
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  // In-process inspector calls answer synchronously; the exit handler relies on it.
  const postNow = (method, params) => {
    let answer;
    session.post(method, params, (error, result) => (answer = { error, result }));
    if (!answer) throw new Error(`inspector gave no synchronous answer to ${method}`);
    if (answer.error) throw answer.error;
    return answer.result;
  };
  // A coverage problem must never fail the user's tests: it only leaves tests out.
  let broken = false;
  try {
    postNow('Profiler.enable');
    postNow('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  } catch (error) {
    broken = true;
    process.stderr.write(`SelfDebug coverage: could not start V8 coverage: ${error && error.message}\n`);
  }
  let tests = [];
  let scriptIds = new Set();

  const flush = (getSource) => {
    if (!tests.length) return;
    const sources = {};
    for (const scriptId of scriptIds) {
      try {
        sources[scriptId] = getSource(scriptId);
      } catch {
        // The script was collected; its ranges are dropped by the reader.
      }
    }
    const name = `mocha-${process.pid}-${randomBytes(4).toString('hex')}.json`;
    writeFileSync(path.join(outDir, name), JSON.stringify({ version: 1, tests, sources }));
    tests = [];
    scriptIds = new Set();
  };

  exports.mochaHooks = {
    async beforeEach() {
      if (broken) return;
      await post('Profiler.takePreciseCoverage').catch(() => (broken = true));
    },
    async afterEach() {
      if (broken) return;
      let result;
      try {
        ({ result } = await post('Profiler.takePreciseCoverage'));
      } catch {
        broken = true;
        return;
      }
      const test = this.currentTest;
      if (!test) return;
      const scripts = result.filter((script) => inWorkspace(script.url));
      for (const script of scripts) scriptIds.add(script.scriptId);
      const file = test.file || (test.parent && test.parent.file) || '';
      const relative = relativeToRoot(file);
      tests.push({
        id: `${relative}::${titlePath(test).join(' > ')}`,
        outcome: test.state === 'failed' ? 'failed' : test.state === 'passed' ? 'passed' : 'skipped',
        scripts: scripts.map(({ scriptId, url, functions }) => ({ scriptId, url, functions })),
      });
    },
    // Once per run, or once per test file in a --parallel worker.
    async afterAll() {
      const sources = new Map();
      try {
        await post('Debugger.enable');
        for (const scriptId of scriptIds) {
          try {
            sources.set(scriptId, (await post('Debugger.getScriptSource', { scriptId })).scriptSource);
          } catch {
            // collected
          }
        }
        await post('Debugger.disable');
      } catch {
        // Sources that could not be read: those scripts' ranges are dropped by the reader.
      }
      flush((scriptId) => {
        if (!sources.has(scriptId)) throw new Error('no source');
        return sources.get(scriptId);
      });
    },
  };

  // A run that ends without the root afterAll (--bail in some versions, process.exit in a test).
  process.on('exit', () => {
    if (!tests.length) return;
    try {
      postNow('Debugger.enable');
      flush((scriptId) => postNow('Debugger.getScriptSource', { scriptId }).scriptSource);
    } catch {
      // nothing more can be done while exiting
    }
  });
} else {
  exports.mochaHooks = {};
}
