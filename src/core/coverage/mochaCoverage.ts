// Per-test line coverage for mocha: the suite runs once more with SelfDebug's root-hook plugin
// (resources/localize/mocha-coverage-hooks.cjs, loaded with --require), which takes V8 precise
// coverage around every test in whichever process runs it (the main one, or each --parallel
// worker) and writes the vitest setup file's worker format. Ids are built the way the mocha test
// adapter builds them (`file::Suite > test`).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resourcePath } from '../resources';
import { findNodePackage } from '../testing/runners';
import { runProcess } from '../util/process';
import { assertRunFinished, CoverageError, type CollectOptions, excerptOf, shellQuote, withRunnerArgs } from './collectOptions';
import type { CoverageReport } from './types';
import { readWorkerFiles } from './workerFiles';

/** `node <mocha bin>` as the folder resolves mocha (what the test adapter runs). */
export function defaultMochaCommand(root: string): string {
  const bin = findNodePackage(root, 'mocha')?.bin;
  return bin ? `${shellQuote(process.execPath)} ${shellQuote(bin)}` : 'npx --no-install mocha';
}

/** The mocha command line with the coverage hooks appended. */
export function mochaCoverageCommand(base: string): string {
  return withRunnerArgs(base, `--require ${shellQuote(resourcePath('localize', 'mocha-coverage-hooks.cjs'))} --no-color`);
}

export async function collectMochaCoverage(options: CollectOptions): Promise<CoverageReport> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'selfdebug-mochacov-'));
  try {
    const command = mochaCoverageCommand(options.command ?? defaultMochaCommand(options.root));
    const env = { ...(options.env ?? process.env), SELFDEBUG_COVERAGE_DIR: outDir, SELFDEBUG_COVERAGE_ROOT: options.root, NO_COLOR: '1' };
    options.logger.debug(`coverage: ${command}`);
    const run = await runProcess({ command, cwd: options.root, env, shell: true, timeoutMs: options.timeoutMs, signal: options.signal, onOutput: options.onOutput });
    assertRunFinished(run, command, options.timeoutMs);
    const { files, tests, warnings } = await readWorkerFiles(outDir, options.root);
    if (!files) throw new CoverageError(`mocha wrote no coverage (exit code ${run.exitCode}): ${excerptOf(run.output)}`);
    return { framework: 'mocha', granularity: 'test', tests, command, ms: run.ms, warnings };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
