// npm run bench:runs -- [--framework pytest|vitest|jest|mocha|node-test] [--repeat N] [--parallel K] [--files F] [--json]
//
// 1. Sandbox overhead: one test file that takes about a second, run directly in the project and
//    as a candidate (an overlay of one source file, so in a pooled sandbox copy), alternating,
//    N times each. Prints the medians and their ratio (target: under 1.15).
// 2. Throughput: K candidate runs started at once (bounded by maxParallelRuns = cores).
// 3. Sandbox cost alone: creating a copy of the project (F extra source files) and bringing a
//    reused one up to date.
// The project is generated under test-results/bench-runs/ (so JS runners resolve from the
// repository's node_modules) and removed at the end.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/core/config';
import { disposeSandboxes, runTests } from '../src/core/testing/runTests';
import { SandboxPool } from '../src/core/testing/sandbox';
import { parallelRuns } from '../src/core/testing/limiter';
import type { FrameworkId } from '../src/core/testing/types';

const frameworks: FrameworkId[] = ['pytest', 'vitest', 'jest', 'mocha', 'node-test'];

interface Project {
  folder: string;
  testFile: string;
  sourceFile: string;
}

function write(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

/** A project whose test file takes ~1 s (eight tests of ~100 ms), plus `extraFiles` source files. */
function generate(framework: FrameworkId, root: string, extraFiles: number): Project {
  rmSync(root, { recursive: true, force: true });
  const py = framework === 'pytest';
  for (let i = 0; i < extraFiles; i++) {
    const body = py ? `def f${i}(x):\n    return x + ${i}\n`.repeat(20) : `export function f${i}(x) {\n  return x + ${i};\n}\n`.repeat(20);
    write(root, `pkg/m${Math.floor(i / 50)}/mod${i}.${py ? 'py' : 'js'}`, body);
  }
  if (py) {
    write(root, 'pytest.ini', '[pytest]\ntestpaths = tests\n');
    write(root, 'calc.py', 'def add(a, b):\n    return a + b\n');
    const tests = Array.from({ length: 8 }, (_, i) => `def test_add_${i}():\n    time.sleep(0.1)\n    assert add(${i}, 1) == ${i + 1}\n`).join('\n\n');
    write(root, 'tests/test_calc.py', `import time\n\nfrom calc import add\n\n\n${tests}`);
    return { folder: root, testFile: 'tests/test_calc.py', sourceFile: 'calc.py' };
  }
  const cjs = framework === 'jest' || framework === 'mocha' || framework === 'node-test';
  const pkg: Record<string, unknown> = { name: 'bench-runs', private: true, type: cjs ? 'commonjs' : 'module' };
  if (framework === 'node-test') pkg.scripts = { test: 'node --test tests/' };
  else pkg.devDependencies = { [framework]: '*' };
  write(root, 'package.json', JSON.stringify(pkg));
  if (framework === 'vitest') write(root, 'vitest.config.mjs', "export default { test: { include: ['tests/**/*.test.js'] } };\n");
  if (framework === 'jest') write(root, 'jest.config.js', "module.exports = { testMatch: ['<rootDir>/tests/**/*.test.js'] };\n");
  if (framework === 'mocha') write(root, '.mocharc.json', '{ "spec": ["tests/**/*.test.js"] }\n');
  write(root, 'src/calc.js', cjs ? 'exports.add = (a, b) => a + b;\n' : 'export const add = (a, b) => a + b;\n');
  const head =
    framework === 'vitest'
      ? "import { expect, it } from 'vitest';\nimport { add } from '../src/calc.js';\nconst check = (a, b) => expect(a).toBe(b);\n"
      : `${framework === 'node-test' ? "const { it } = require('node:test');\n" : ''}const assert = require('node:assert/strict');\nconst { add } = require('../src/calc');\nconst check = (a, b) => assert.equal(a, b);\n`;
  const tests = Array.from({ length: 8 }, (_, i) => `it('adds ${i}', async () => {\n  await new Promise((r) => setTimeout(r, 100));\n  check(add(${i}, 1), ${i + 1});\n});\n`).join('\n');
  write(root, 'tests/calc.test.js', `${head}\n${tests}`);
  return { folder: root, testFile: 'tests/calc.test.js', sourceFile: 'src/calc.js' };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      framework: { type: 'string', default: 'pytest' },
      repeat: { type: 'string', default: '7' },
      parallel: { type: 'string', default: '4' },
      files: { type: 'string', default: '500' },
      json: { type: 'boolean', default: false },
    },
  });
  const framework = values.framework as FrameworkId;
  if (!frameworks.includes(framework)) throw new Error(`--framework must be one of ${frameworks.join(', ')}`);
  const repeat = Number(values.repeat);
  const parallel = Number(values.parallel);
  const extraFiles = Number(values.files);
  // Bundled into node_modules/.cache/selfdebug-bench/; the project goes to test-results/ (ignored
  // by git) so JS runners resolve from the repository's node_modules.
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const project = generate(framework, path.join(repoRoot, 'test-results', 'bench-runs', framework), extraFiles);
  const config = parseConfig({ maxParallelRuns: 0 });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const source = `${(await import('node:fs')).readFileSync(path.join(project.folder, project.sourceFile), 'utf8')}\n`;
    const overlay = { [project.sourceFile]: source };
    const check = (label: string, result: Awaited<ReturnType<typeof runTests>>) => {
      if (result.runnerError || result.passed !== 8) throw new Error(`${label} run did not pass 8 tests: ${result.runnerError ?? JSON.stringify(result.collectionErrors)}\n${result.output.slice(-2000)}`);
    };
    // Warm-up (caches, first sandbox); the cold sandbox is timed separately below.
    const cold = await timed(() => runTests({ folder: project.folder, file: project.testFile, overlay, config }));
    check('warm-up', cold.value);
    check('warm-up', await runTests({ folder: project.folder, file: project.testFile, config }));
    const direct: number[] = [];
    const sandboxed: number[] = [];
    for (let i = 0; i < repeat; i++) {
      const d = await timed(() => runTests({ folder: project.folder, file: project.testFile, config }));
      check('direct', d.value);
      direct.push(d.ms);
      const s = await timed(() => runTests({ folder: project.folder, file: project.testFile, overlay, config }));
      check('sandboxed', s.value);
      sandboxed.push(s.ms);
      log(`run ${i + 1}/${repeat}: direct ${d.ms.toFixed(0)} ms, sandboxed ${s.ms.toFixed(0)} ms`);
    }
    const throughput = await timed(() =>
      Promise.all(Array.from({ length: parallel }, (_, i) => runTests({ folder: project.folder, file: project.testFile, overlay: { [project.sourceFile]: `${source}\n${framework === 'pytest' ? '#' : '//'} candidate ${i}\n` }, config }))),
    );
    for (const result of throughput.value) check('parallel', result);
    await disposeSandboxes();

    // The sandbox alone: a fresh copy, then bringing a reused copy up to date.
    const pool = new SandboxPool(project.folder, { baseDir: path.join(os.tmpdir(), 'selfdebug-bench-sandboxes') });
    const create = await timed(() => pool.acquire(overlay));
    await create.value.release();
    const reuse = await timed(() => pool.acquire(overlay));
    await reuse.value.release();
    await pool.dispose();

    const summary = {
      framework,
      repeat,
      extraFiles,
      directMedianMs: Math.round(median(direct)),
      sandboxedMedianMs: Math.round(median(sandboxed)),
      ratio: Number((median(sandboxed) / median(direct)).toFixed(3)),
      coldSandboxedRunMs: Math.round(cold.ms),
      parallelRuns: parallel,
      parallelSlots: parallelRuns(config.maxParallelRuns),
      parallelWallMs: Math.round(throughput.ms),
      runsPerMinute: Number(((parallel / throughput.ms) * 60_000).toFixed(1)),
      sandboxCreateMs: Math.round(create.ms),
      sandboxReuseMs: Math.round(reuse.ms),
      cores: os.cpus().length,
      loadAverage: os.loadavg()[0]!.toFixed(2),
    };
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      process.stdout.write(
        [
          `framework ${framework}, ${repeat} runs each, project with ${extraFiles} extra source files, ${summary.cores} cores (load ${summary.loadAverage})`,
          `direct     median ${summary.directMedianMs} ms`,
          `sandboxed  median ${summary.sandboxedMedianMs} ms  (ratio ${summary.ratio}; first, cold sandbox: ${summary.coldSandboxedRunMs} ms)`,
          `parallel   ${parallel} candidate runs on ${summary.parallelSlots} slots in ${summary.parallelWallMs} ms (${summary.runsPerMinute} runs/min)`,
          `sandbox    create ${summary.sandboxCreateMs} ms, reuse ${summary.sandboxReuseMs} ms`,
          '',
        ].join('\n'),
      );
    }
    return 0;
  } finally {
    rmSync(project.folder, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`bench:runs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
