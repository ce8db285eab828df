// SelfDebug per-test coverage for jest: added after the project's own setupFilesAfterEnv. Jest
// evaluates it once per test file, in the worker that runs the file. It starts V8 precise block
// coverage, resets the counters before each test, takes them after it, and at the end of the file
// writes the raw ranges plus the source text V8 ran (babel-jest's output with its inline source
// map) to SELFDEBUG_COVERAGE_DIR in the format of the vitest setup file. The id is built from
// jest-circus's title path when it can be read, otherwise from `currentTestName`; the collector
// joins either with jest's JSON results, which also give the outcome.
'use strict';
const { randomBytes } = require('node:crypto');
const { writeFileSync } = require('node:fs');
const { Session } = require('node:inspector');
const path = require('node:path');
const { inWorkspace, relativeToRoot } = require('./coverage-scripts.cjs');
const { afterAll, afterEach, beforeEach, expect } = require('@jest/globals');

const outDir = process.env.SELFDEBUG_COVERAGE_DIR;


// jest-circus keeps its state under a private symbol on the test file's global.
const stateSymbol = Object.getOwnPropertySymbols(globalThis).find((symbol) => symbol.description === 'JEST_STATE_SYMBOL');

/** Describe titles and the test's name, when jest-circus's state shows the running test. */
function titlesOfRunningTest() {
  const state = stateSymbol && globalThis[stateSymbol];
  const test = state && state.currentlyRunningTest;
  if (!test || typeof test.name !== 'string') return undefined;
  const titles = [];
  for (let node = test; node && node.parent; node = node.parent) titles.unshift(node.name);
  return titles;
}

if (outDir) {
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  const started = post('Profiler.enable').then(() => post('Profiler.startPreciseCoverage', { callCount: true, detailed: true }));
  started.catch(() => {}); // awaited in beforeEach, where a failure turns coverage off
  const tests = [];
  const scriptIds = new Set();

  // A coverage problem must never fail the user's tests: it only leaves the test out.
  let broken = false;
  beforeEach(async () => {
    if (broken) return;
    try {
      await started;
      await post('Profiler.takePreciseCoverage');
    } catch {
      broken = true;
    }
  });

  afterEach(async () => {
    if (broken) return;
    let result;
    try {
      ({ result } = await post('Profiler.takePreciseCoverage'));
    } catch {
      broken = true;
      return;
    }
    const scripts = result.filter((script) => inWorkspace(script.url));
    for (const script of scripts) scriptIds.add(script.scriptId);
    const { testPath, currentTestName } = expect.getState();
    const file = relativeToRoot(testPath);
    const titles = titlesOfRunningTest();
    tests.push({
      id: `${file}::${titles ? titles.join(' > ') : currentTestName || ''}`,
      // Provisional: the collector takes the outcome from jest's JSON results.
      outcome: 'passed',
      file,
      name: currentTestName || '',
      exactId: !!titles,
      scripts: scripts.map(({ scriptId, url, functions }) => ({ scriptId, url, functions })),
    });
  });

  afterAll(async () => {
    const sources = {};
    try {
      await post('Debugger.enable');
      for (const scriptId of scriptIds) {
        try {
          sources[scriptId] = (await post('Debugger.getScriptSource', { scriptId })).scriptSource;
        } catch {
          // The script was collected; its ranges are dropped by the reader.
        }
      }
      await post('Debugger.disable');
    } catch {
      // Sources that could not be read: those scripts' ranges are dropped by the reader.
    } finally {
      // One session per test file; the next file's setup connects its own.
      session.disconnect();
    }
    if (!tests.length) return;
    const name = `jest-${process.pid}-${randomBytes(4).toString('hex')}.json`;
    writeFileSync(path.join(outDir, name), JSON.stringify({ version: 1, tests, sources }));
  });
}
