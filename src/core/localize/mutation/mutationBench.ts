// The localization benchmark: inject single-function bugs into functions the project's tests
// cover, keep those that make a test fail that passed before, localize each from the raw output
// the test command printed, and see where the mutated function ranks. Every change goes through
// a FileJournal, so the project is left exactly as found.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { collectCoverage } from '../../coverage/collectCoverage';
import { languageOf } from '../../index/languages';
import type { CodeIndex, CodeSymbol } from '../../index/types';
import type { Logger } from '../../ports';
import { runProcess } from '../../util/process';
import { LineOwners } from '../candidates';
import type { Weights } from '../combine';
import { localize } from '../localizer';
import { parseFailureOutput } from '../parse/parseFailureOutput';
import { isTestFile } from '../../testing/testFiles';
import type { RankedSuspect } from '../types';
import type { FileJournal } from './fileJournal';
import { applyMutation, findMutations, languageHasMutations, stillParses, type Mutation, type MutationOperator } from './mutations';

export interface BenchIndex extends CodeIndex {
  /** Re-reads changed files (WorkspaceIndex.refresh). */
  refresh(): Promise<unknown>;
}

export interface BenchOptions {
  project: string;
  testCommand: string;
  mutants: number;
  seed: number;
  index: BenchIndex;
  journal: FileJournal;
  signal: AbortSignal;
  logger: Logger;
  /** Timeout of one test run (default 120 s). */
  timeoutMs?: number;
  /** Tries before giving up on reaching `mutants` (default 6 × mutants). */
  maxAttempts?: number;
  weights?: Weights;
  /** One line per mutant tried. */
  onProgress?: (line: string) => void;
  /** Called with the results so far after each kept mutant (to save partial results). */
  onResult?: (summary: BenchSummary) => void;
  env?: NodeJS.ProcessEnv;
}

export interface MutantResult {
  file: string;
  line: number;
  operator: MutationOperator;
  original: string;
  replacement: string;
  /** Symbol id of the mutated function. */
  target: string;
  failingTests: number;
  /** Rank of the mutated function, ties counted against it. */
  rank: number;
  candidates: number;
  /** Every suspect with its signals, for offline analysis. */
  suspects: RankedSuspect[];
}

export interface BenchSummary {
  mutants: MutantResult[];
  tried: number;
  acc1: number;
  acc3: number;
  acc5: number;
  meanRank: number;
}

/** Small seeded generator (mulberry32), so a seed names one benchmark run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rank of `target` in `suspects` when it ranks last among equal scores; unscored = last of all. */
export function rankWithTiesAgainst(suspects: { id: string; score: number }[], target: string, candidates: number): number {
  const own = suspects.find((s) => s.id === target);
  if (!own || own.score <= 0) return Math.max(candidates, suspects.length + 1);
  return suspects.filter((s) => s.score >= own.score).length;
}

export function summarize(mutants: MutantResult[], tried: number): BenchSummary {
  const n = mutants.length;
  const within = (k: number) => (n ? mutants.filter((m) => m.rank <= k).length / n : 0);
  const meanRank = n ? mutants.reduce((sum, m) => sum + m.rank, 0) / n : 0;
  return { mutants, tried, acc1: within(1), acc3: within(3), acc5: within(5), meanRank };
}

/** The result line the benchmark prints. */
export function formatSummary(summary: BenchSummary): string {
  return `mutants ${summary.mutants.length} acc@1 ${summary.acc1.toFixed(2)} acc@3 ${summary.acc3.toFixed(2)} acc@5 ${summary.acc5.toFixed(2)} mean-rank ${summary.meanRank.toFixed(2)}`;
}

interface Site {
  file: string;
  unit: CodeSymbol;
  mutation: Mutation;
}

async function runTestCommand(options: BenchOptions) {
  const env = { ...(options.env ?? process.env), PYTHONDONTWRITEBYTECODE: '1', PYTEST_ADDOPTS: `${(options.env ?? process.env).PYTEST_ADDOPTS ?? ''} -p no:cacheprovider`.trim() };
  return runProcess({ command: options.testCommand, cwd: options.project, env, shell: true, timeoutMs: options.timeoutMs ?? 120_000, signal: options.signal });
}

/** Mutation sites on lines the tests execute, inside candidate functions, grouped by function. */
async function coveredSites(options: BenchOptions, covered: Map<string, Set<number>>): Promise<Map<string, Site[]>> {
  const owners = new LineOwners(options.index);
  const byUnit = new Map<string, Site[]>();
  for (const [file, lines] of covered) {
    const language = languageOf(file);
    if (!language || isTestFile(file) || !languageHasMutations(language)) continue;
    const text = await readFile(path.join(options.project, file), 'utf8');
    for (const mutation of await findMutations(language, text)) {
      if (!lines.has(mutation.line)) continue;
      const unit = owners.owner(file, mutation.line);
      if (!unit) continue;
      const sites = byUnit.get(unit.id) ?? [];
      sites.push({ file, unit, mutation });
      byUnit.set(unit.id, sites);
    }
  }
  return byUnit;
}

export async function runMutationBench(options: BenchOptions): Promise<BenchSummary> {
  const { project, logger, signal } = options;
  const random = seededRandom(options.seed);
  const progress = options.onProgress ?? (() => {});

  const baseline = await runTestCommand(options);
  if (baseline.spawnError || baseline.timedOut) throw new Error(`The test command did not run: ${baseline.spawnError?.message ?? 'timed out'}`);
  const baselineFailures = new Set(parseFailureOutput(baseline.output, { root: project }).map((f) => f.id));
  progress(`baseline: exit code ${baseline.exitCode}, ${baselineFailures.size} failing test(s), ${(baseline.ms / 1000).toFixed(1)} s`);

  const coverage = await collectCoverage({ root: project, command: options.testCommand, timeoutMs: options.timeoutMs ?? 120_000, signal, logger, env: options.env });
  if (!coverage) throw new Error('Could not collect coverage for this test command (supported: pytest, vitest, jest, mocha, node --test); the benchmark mutates only covered functions.');
  const covered = new Map<string, Set<number>>();
  for (const test of coverage.tests) for (const [file, lines] of Object.entries(test.lines)) for (const line of lines) (covered.get(file) ?? covered.set(file, new Set()).get(file)!).add(line);
  const sitesByUnit = await coveredSites(options, covered);
  const units = [...sitesByUnit.keys()].sort();
  if (!units.length) throw new Error('No mutation site in any covered function.');
  progress(`${units.length} covered functions with ${[...sitesByUnit.values()].reduce((n, s) => n + s.length, 0)} mutation sites`);

  const candidates = options.index.symbols().filter((s) => (s.kind === 'function' || s.kind === 'method') && !isTestFile(s.file)).length;
  const results: MutantResult[] = [];
  const used = new Set<string>();
  const maxAttempts = options.maxAttempts ?? options.mutants * 6;
  let order: string[] = [];
  let tried = 0;
  while (results.length < options.mutants && tried < maxAttempts) {
    signal.throwIfAborted();
    if (!order.length) order = shuffle(units, random);
    const unitId = order.shift()!;
    const sites = sitesByUnit.get(unitId)!.filter((s) => !used.has(siteKey(s)));
    if (!sites.length) continue;
    const operators = [...new Set(sites.map((s) => s.mutation.operator))].sort();
    const operator = operators[Math.floor(random() * operators.length)];
    const ofOperator = sites.filter((s) => s.mutation.operator === operator);
    const site = ofOperator[Math.floor(random() * ofOperator.length)];
    used.add(siteKey(site));
    tried++;
    const result = await tryMutant(options, site, baselineFailures, candidates);
    const label = `${site.file}:${site.mutation.line} ${operator} ${JSON.stringify(site.mutation.original)} -> ${JSON.stringify(site.mutation.replacement)} in ${site.unit.qualifiedName}`;
    if (typeof result === 'string') {
      progress(`skip ${label}: ${result}`);
      continue;
    }
    results.push(result);
    progress(`mutant ${results.length}/${options.mutants} ${label}: ${result.failingTests} failing, rank ${result.rank}`);
    options.onResult?.(summarize(results, tried));
  }
  return summarize(results, tried);
}

function siteKey(site: Site): string {
  return `${site.file}:${site.mutation.start}:${site.mutation.replacement}`;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Applies one mutation, runs and localizes it, restores the file; a string says why it was skipped. */
async function tryMutant(options: BenchOptions, site: Site, baselineFailures: Set<string>, candidates: number): Promise<MutantResult | string> {
  const { project, journal, index } = options;
  const original = await readFile(path.join(project, site.file), 'utf8');
  const mutated = applyMutation(original, site.mutation);
  const language = languageOf(site.file)!;
  if (!(await stillParses(language, original, mutated))) return 'does not parse';
  journal.write(site.file, mutated);
  try {
    await index.refresh();
    const run = await runTestCommand(options);
    if (run.cancelled) options.signal.throwIfAborted();
    if (run.timedOut) return 'test run timed out';
    const failures = parseFailureOutput(run.output, { root: project });
    const fresh = failures.filter((f) => !baselineFailures.has(f.id));
    if (!fresh.length) return run.exitCode === 0 ? 'no test fails (equivalent or untested behaviour)' : 'no new failing test in the output';
    const localized = await localize({
      root: project,
      index,
      failureOutput: run.output,
      testCommand: options.testCommand,
      limit: 100_000,
      weights: options.weights,
      timeoutMs: options.timeoutMs ?? 120_000,
      env: options.env,
      signal: options.signal,
      logger: options.logger,
    });
    return {
      file: site.file,
      line: site.mutation.line,
      operator: site.mutation.operator,
      original: site.mutation.original,
      replacement: site.mutation.replacement,
      target: site.unit.id,
      failingTests: fresh.length,
      rank: rankWithTiesAgainst(localized.suspects, site.unit.id, candidates),
      candidates,
      suspects: localized.suspects,
    };
  } finally {
    journal.restore(site.file);
    await index.refresh();
  }
}
