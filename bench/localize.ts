// npm run bench:localize -- --project <dir> --test-command "<cmd>" --mutants N --seed S
// Prints `mutants N acc@1 X acc@3 Y acc@5 Z mean-rank R`. Progress goes to stderr. The project
// is restored on exit, on SIGINT/SIGTERM, and (through the journal) by the next run after a crash.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WorkspaceIndex } from '../src/core/index/workspaceIndex';
import { FileJournal } from '../src/core/localize/mutation/fileJournal';
import { formatSummary, runMutationBench } from '../src/core/localize/mutation/mutationBench';
import { findCacheDirs, removeNewCacheDirs } from '../src/core/localize/mutation/runnerLitter';
import { stderrLogger } from '../src/core/ports/console';

const usage = `Usage: npm run bench:localize -- --project <dir> --test-command "<cmd>" [--mutants N] [--seed S]
  [--timeout S] [--details out.json] [--journal-home DIR] [--restore-only] [--verbose]`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      'test-command': { type: 'string' },
      mutants: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      timeout: { type: 'string', default: '120' },
      details: { type: 'string' },
      'journal-home': { type: 'string' },
      'restore-only': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (!values.project) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const project = path.resolve(values.project);
  const home = values['journal-home'];
  if (values['restore-only']) {
    const restored = FileJournal.recover(project, home);
    process.stderr.write(restored.length ? `restored ${restored.join(', ')}\n` : 'nothing to restore\n');
    return 0;
  }
  if (!values['test-command']) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const mutants = Number(values.mutants);
  const seed = Number(values.seed);
  const timeout = Number(values.timeout);
  if (!Number.isInteger(mutants) || mutants < 1 || !Number.isInteger(seed) || !(timeout > 0)) {
    process.stderr.write(`--mutants and --seed must be integers (mutants >= 1), --timeout a positive number\n${usage}\n`);
    return 2;
  }
  const logger = stderrLogger(values.verbose);
  const journal = FileJournal.open(project, { home, onRecovered: (files) => process.stderr.write(`restored ${files.join(', ')} left changed by an interrupted run\n`) });
  const cachesBefore = findCacheDirs(project);
  const cleanUp = () => {
    journal.close();
    const removed = removeNewCacheDirs(project, cachesBefore);
    if (removed.length) process.stderr.write(`removed caches the test runs created: ${removed.join(', ')}\n`);
  };
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals, code: number) => {
    controller.abort(new Error(`Interrupted by ${signal}`));
    // Restore now: the event loop may not get another turn before the process ends.
    cleanUp();
    process.stderr.write(`\n${signal}: project restored\n`);
    process.exit(code);
  };
  process.once('SIGINT', () => stop('SIGINT', 130));
  process.once('SIGTERM', () => stop('SIGTERM', 143));
  process.once('SIGHUP', () => stop('SIGHUP', 129));
  process.once('exit', () => journal.close());
  let index: WorkspaceIndex | undefined;
  try {
    index = await WorkspaceIndex.build(project, { signal: controller.signal, logger });
    const summary = await runMutationBench({
      project,
      testCommand: values['test-command'],
      mutants,
      seed,
      index,
      journal,
      signal: controller.signal,
      logger,
      timeoutMs: timeout * 1000,
      onProgress: (line) => process.stderr.write(`${line}\n`),
      // Saved after every mutant, so an interrupted run still leaves its results.
      onResult: (partial) => values.details && writeFileSync(values.details, JSON.stringify(partial)),
    });
    if (values.details) writeFileSync(values.details, JSON.stringify(summary));
    process.stdout.write(`${formatSummary(summary)}\n`);
    return summary.mutants.length ? 0 : 1;
  } finally {
    cleanUp();
    await index?.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench:localize: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
