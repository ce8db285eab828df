// Per-test line coverage for pytest: runs the suite once more with SelfDebug's sys.settrace
// plugin (resources/python/coverage_tracer.py) and reads the JSON it writes.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { resourcePath } from '../resources';
import { runProcess } from '../util/process';
import { assertRunFinished, CoverageError, type CollectOptions, excerptOf, shellQuote, withRunnerArgs } from './collectOptions';
import type { CoverageReport } from './types';

const documentSchema = z.object({
  version: z.literal(1),
  root: z.string(),
  tests: z.array(
    z.object({
      id: z.string(),
      outcome: z.enum(['passed', 'failed', 'error', 'skipped']),
      lines: z.record(z.string(), z.array(z.number().int())),
    }),
  ),
});

/** The pytest command line with the tracer plugin and quiet output appended. */
export function pytestCoverageCommand(base: string): string {
  return withRunnerArgs(base, '-p coverage_tracer -q --tb=no -p no:cacheprovider');
}

export async function collectPytestCoverage(options: CollectOptions): Promise<CoverageReport> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'selfdebug-pycov-'));
  const out = path.join(dir, 'coverage.json');
  const base = options.command ?? `${shellQuote(options.python ?? 'python3')} -m pytest`;
  const command = pytestCoverageCommand(base);
  const env = {
    ...(options.env ?? process.env),
    PYTHONPATH: [resourcePath('python'), (options.env ?? process.env).PYTHONPATH].filter(Boolean).join(path.delimiter),
    PYTHONDONTWRITEBYTECODE: '1',
    SELFDEBUG_COVERAGE_OUT: out,
    SELFDEBUG_COVERAGE_ROOT: options.root,
  };
  try {
    options.logger.debug(`coverage: ${command}`);
    const run = await runProcess({ command, cwd: options.root, env, shell: true, timeoutMs: options.timeoutMs, signal: options.signal, onOutput: options.onOutput });
    assertRunFinished(run, command, options.timeoutMs);
    let raw: string;
    try {
      raw = await readFile(out, 'utf8');
    } catch {
      throw new CoverageError(`pytest wrote no coverage (exit code ${run.exitCode}): ${excerptOf(run.output)}`);
    }
    const parsed = documentSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new CoverageError(`Unreadable coverage from the pytest plugin: ${parsed.error.message}`);
    return {
      framework: 'pytest',
      granularity: 'test',
      tests: parsed.data.tests,
      command,
      ms: run.ms,
      warnings: [],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
