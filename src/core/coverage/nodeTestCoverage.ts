// Per-test-file line coverage for `node --test`: the runner starts one process per test file and
// each writes its V8 coverage to NODE_V8_COVERAGE. A test file counts as failing when the run's
// output reports a failure in it.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseFailureOutput } from '../localize/parse/parseFailureOutput';
import { isTestFile } from '../testing/testFiles';
import { runProcess } from '../util/process';
import { assertRunFinished, CoverageError, type CollectOptions, excerptOf, shellQuote } from './collectOptions';
import type { CoverageReport, TestCoverage } from './types';
import { executedLinesAt, pathOfUrl, scriptProbes, v8ScriptSchema, type ScriptProbes } from './v8Lines';

const processFileSchema = z.object({ result: z.array(v8ScriptSchema) });

export async function collectNodeTestCoverage(options: CollectOptions): Promise<CoverageReport> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'selfdebug-nodecov-'));
  try {
    const command = options.command ?? `${shellQuote(process.execPath)} --test`;
    const env = { ...(options.env ?? process.env), NODE_V8_COVERAGE: dir, NO_COLOR: '1' };
    options.logger.debug(`coverage: ${command}`);
    const run = await runProcess({ command, cwd: options.root, env, shell: true, timeoutMs: options.timeoutMs, signal: options.signal, onOutput: options.onOutput });
    assertRunFinished(run, command, options.timeoutMs);
    const failingFiles = new Set(parseFailureOutput(run.output, { root: options.root }).map((f) => f.file));
    const warnings: string[] = [];
    const byTestFile = new Map<string, Record<string, Set<number>>>();
    // Per source file, read once for all test-file processes: where to look up its lines' counts.
    const probesByFile = new Map<string, ScriptProbes['probes'] | null>();
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json'))) {
      const parsed = processFileSchema.safeParse(JSON.parse(await readFile(path.join(dir, name), 'utf8')));
      if (!parsed.success) {
        warnings.push(`unreadable coverage file ${name}`);
        continue;
      }
      const scripts = parsed.data.result
        .map((script) => ({ script, file: pathOfUrl(script.url) }))
        .filter((s): s is { script: typeof s.script; file: string } => !!s.file && !s.file.includes(`${path.sep}node_modules${path.sep}`))
        .map((s) => ({ ...s, relative: path.relative(options.root, s.file).split(path.sep).join('/') }))
        .filter((s) => !s.relative.startsWith('..'));
      // The runner's own process loads no test file; each child loads exactly one.
      const testFile = scripts.find((s) => isTestFile(s.relative))?.relative;
      if (!testFile) continue;
      const lines = byTestFile.get(testFile) ?? {};
      for (const { script, file } of scripts) {
        if (!probesByFile.has(file)) {
          const source = await readFile(file, 'utf8').catch(() => null);
          probesByFile.set(file, source === null ? null : scriptProbes(source, file).probes);
        }
        const probes = probesByFile.get(file);
        if (!probes) continue;
        for (const [original, executed] of executedLinesAt(script, probes)) {
          const relative = path.relative(options.root, original).split(path.sep).join('/');
          if (relative.startsWith('..')) continue;
          const set = (lines[relative] ??= new Set());
          for (const line of executed) set.add(line);
        }
      }
      byTestFile.set(testFile, lines);
    }
    if (!byTestFile.size) throw new CoverageError(`node --test wrote no coverage for any test file (exit code ${run.exitCode}): ${excerptOf(run.output)}`);
    const tests: TestCoverage[] = [...byTestFile].map(([file, lines]) => ({
      id: file,
      outcome: failingFiles.has(file) ? 'failed' : 'passed',
      lines: Object.fromEntries(Object.entries(lines).map(([f, set]) => [f, [...set].sort((a, b) => a - b)])),
    }));
    return { framework: 'node-test', granularity: 'file', tests, command, ms: run.ms, warnings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
