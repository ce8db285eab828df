// SelfDebug per-test coverage for vitest: a setup file that the generated wrapper config adds.
// It starts V8 precise block coverage in the worker, resets the counters before each test, takes
// them after it, and at the end of the test file writes the raw ranges plus the source text V8
// ran (the transformed module with its inline source map) to SELFDEBUG_COVERAGE_DIR.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach } from 'vitest';

const outDir = process.env.SELFDEBUG_COVERAGE_DIR;
const root = path.resolve(process.env.SELFDEBUG_COVERAGE_ROOT || process.cwd());

function inWorkspace(url) {
  if (!url.startsWith('file://')) return false;
  const file = fileURLToPath(url);
  return file.startsWith(root + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`);
}

function titlesOf(task) {
  const titles = [task.name];
  for (let suite = task.suite; suite && suite !== task.file && suite.type !== 'file' && suite.name; suite = suite.suite) titles.unshift(suite.name);
  return titles;
}

if (outDir) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  const tests = [];
  const scriptIds = new Set();

  beforeEach(async () => {
    await session.post('Profiler.takePreciseCoverage');
  });

  afterEach(async (context) => {
    const { result } = await session.post('Profiler.takePreciseCoverage');
    const scripts = result.filter((script) => inWorkspace(script.url));
    for (const script of scripts) scriptIds.add(script.scriptId);
    const task = context.task;
    const file = path.relative(root, task.file?.filepath ?? '').split(path.sep).join('/');
    const state = task.result?.state;
    tests.push({
      id: `${file}::${titlesOf(task).join(' > ')}`,
      outcome: state === 'fail' ? 'failed' : state === 'skip' || state === 'todo' ? 'skipped' : 'passed',
      scripts: scripts.map(({ scriptId, url, functions }) => ({ scriptId, url, functions })),
    });
  });

  afterAll(async () => {
    const sources = {};
    await session.post('Debugger.enable');
    try {
      for (const scriptId of scriptIds) {
        try {
          const { scriptSource } = await session.post('Debugger.getScriptSource', { scriptId });
          sources[scriptId] = scriptSource;
        } catch {
          // The script was collected; its ranges are dropped by the reader.
        }
      }
    } finally {
      await session.post('Debugger.disable');
    }
    const name = `vitest-${process.pid}-${randomBytes(4).toString('hex')}.json`;
    writeFileSync(path.join(outDir, name), JSON.stringify({ version: 1, tests, sources }));
  });
}
