// npm run bench:codet -- --problems <p.jsonl> --solutions <s.jsonl> --tests <t.jsonl> [--method M]
// Ranks CodeT's published code samples with the project's own check workers and ranking, and
// prints exactly one line:
//   problems N baseline pass@1 X ranked pass@1 Y seconds S
// X and Y are percentages: X is the expected correctness of a uniformly random sample, Y that of
// the ranking's pick (uniform over the top-ranked candidates). Correctness is judged by the
// problem's real `test` + `check(entry_point)`, used only to score, never to choose.
// --report also prints, on stderr, every method on the whole set and on two folds by task id.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CheckPool } from '../src/core/exec/pool';
import type { CandidateRun, Check, CheckResult, ExecLimits } from '../src/core/exec/types';
import { extractCalls } from '../src/core/generate/clarify/probes';
import { compileProbe, cutCodeSample, splitTestSample } from '../src/core/generate/ranking/codetProtocol';
import { expectedOverTop, rankCandidates, rankingMethods, defaultRankingMethod } from '../src/core/generate/ranking/rank';
import type { RankingInput, RankingMethodId } from '../src/core/generate/ranking/types';
import { stderrLogger } from '../src/core/ports/console';

const usage = `Usage: npm run bench:codet -- --problems <p.jsonl> --solutions <s.jsonl> --tests <t.jsonl>
  [--method ${rankingMethods.join('|')}] [--workers N] [--timeout-ms MS] [--memory-mb MB]
  [--max-timeouts N] [--exhausted-timeout-ms MS] [--tests-per-sample N] [--report] [--verbose]`;

const problemSchema = z.object({ task_id: z.string(), prompt: z.string(), entry_point: z.string(), test: z.string() });
const samplesSchema = z.object({ task_id: z.string(), prompt: z.string(), samples: z.array(z.string()) });

type Problem = z.infer<typeof problemSchema>;

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return text
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim())
    .map(([line, number]) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new UsageError(`${file}:${number}: not JSON`);
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new UsageError(`${file}:${number}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}

class UsageError extends Error {}

const stats = { candidates: 0, restarts: 0, ms: 0, checks: 0, checkMs: 0, timeouts: 0, perCandidate: [] as number[] };

/** Everything measured for one problem: the matrices the rankings need and the real correctness. */
interface ProblemResult {
  taskId: string;
  input: RankingInput;
  correct: boolean[];
}

async function benchProblem(
  pool: CheckPool,
  problem: Problem,
  codeSamples: string[],
  testSamples: string[],
  perSample: number,
  limits: Partial<ExecLimits>,
  signal: AbortSignal,
): Promise<ProblemResult> {
  const entryPoint = problem.entry_point;
  // Test cases: split each sample on `assert`, keep those naming the entry point that compile
  // (Python decides, in the worker), the first `perSample` of each sample.
  const pieces = testSamples.map((sample) => splitTestSample(sample, entryPoint));
  const distinctPieces = [...new Set(pieces.flat())];
  const validity = await pool.run(
    {
      language: 'python',
      code: '',
      suite: { id: `${problem.task_id}:compile`, checks: distinctPieces.map((piece, i) => ({ id: `p${i}`, code: compileProbe(piece), kind: 'eval' as const })) },
      limits: { ...limits, timeoutMs: 2000 },
    },
    signal,
  );
  const compiles = new Set(distinctPieces.filter((_, i) => validity.checks[i].status === 'pass' && validity.checks[i].value === 'True'));
  const columns = pieces.flatMap((list) => list.filter((piece) => compiles.has(piece)).slice(0, perSample));
  const uniqueTests = [...new Set(columns)];
  const probes = await extractCalls('python', uniqueTests, entryPoint);

  const checks: Check[] = [
    ...uniqueTests.map((code, i) => ({ id: `t${i}`, code })),
    ...probes.map((code, i) => ({ id: `p${i}`, code, kind: 'eval' as const })),
    // Scoring only; last and on a freshly loaded candidate, so it cannot affect the generated tests.
    { id: 'truth', code: `${problem.test}\ncheck(${entryPoint})\n`, fresh: true, always: true },
  ];
  const suite = { id: problem.task_id, checks };
  const programs = codeSamples.map((sample) => problem.prompt + cutCodeSample(sample));
  const runs = await pool.runMany(
    programs.map((code) => ({ language: 'python' as const, code, suite, entryPoint, limits })),
    { signal },
  );
  pool.dropSuite(suite);
  if (process.env.CODET_STATS) {
    for (const run of new Set(runs)) {
      stats.candidates += 1;
      stats.restarts += run.restarts;
      stats.ms += run.ms;
      const t = run.checks.filter((c) => c.status === 'timeout').length;
      stats.perCandidate[Math.min(t, 10)] = (stats.perCandidate[Math.min(t, 10)] ?? 0) + 1;
      for (const c of run.checks) {
        stats.checks += 1;
        stats.checkMs += c.ms ?? 0;
        if (c.status === 'timeout') stats.timeouts += 1;
      }
    }
  }

  const testIndex = new Map(uniqueTests.map((t, i) => [t, i]));
  const byId = (run: CandidateRun): Map<string, CheckResult> => new Map(run.checks.map((c) => [c.id, c]));
  const passes: boolean[][] = [];
  const outputs: string[][] = [];
  const correct: boolean[] = [];
  for (const run of runs) {
    const results = byId(run);
    passes.push(columns.map((test) => results.get(`t${testIndex.get(test)}`)?.status === 'pass'));
    outputs.push(probes.map((_, p) => outcomeText(results.get(`p${p}`))));
    correct.push(results.get('truth')?.status === 'pass');
  }
  return { taskId: problem.task_id, input: { passes, outputs }, correct };
}

function outcomeText(result: CheckResult | undefined): string {
  if (!result) return 'missing';
  if (result.status === 'pass') return `value ${result.value ?? ''}`;
  if (result.status === 'timeout') return 'timeout';
  // The kind of error, not its text (which may hold addresses or timings).
  return `error ${(result.message ?? '').split(':')[0]}`;
}

function score(results: ProblemResult[], method: RankingMethodId): number {
  const values = results.map((r) => {
    const ranking = rankCandidates(r.input, { method });
    return expectedOverTop(ranking, (i) => (r.correct[i] ? 1 : 0));
  });
  return (100 * values.reduce((a, b) => a + b, 0)) / Math.max(1, values.length);
}

function baseline(results: ProblemResult[]): number {
  const values = results.map((r) => r.correct.filter(Boolean).length / Math.max(1, r.correct.length));
  return (100 * values.reduce((a, b) => a + b, 0)) / Math.max(1, values.length);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      problems: { type: 'string' },
      solutions: { type: 'string' },
      tests: { type: 'string' },
      method: { type: 'string', default: defaultRankingMethod },
      workers: { type: 'string', default: '2' },
      // HumanEval checks take microseconds; 50 ms of CPU only ever ends real loops.
      'timeout-ms': { type: 'string', default: '50' },
      'memory-mb': { type: 'string', default: '512' },
      'tests-per-sample': { type: 'string', default: '5' },
      // After 3 real timeouts a candidate's remaining checks still run, with 5 ms instead of 50:
      // a candidate that loops on every input costs 3 timeouts, not one per check. 0: no budget.
      'max-timeouts': { type: 'string', default: '3' },
      'exhausted-timeout-ms': { type: 'string', default: '5' },
      report: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (!values.problems || !values.solutions || !values.tests) throw new UsageError('--problems, --solutions and --tests are required');
  const method = values.method as RankingMethodId;
  if (!rankingMethods.includes(method)) throw new UsageError(`unknown --method ${values.method} (expected ${rankingMethods.join(', ')})`);
  const positive = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number`);
    return n;
  };
  const workers = Math.floor(positive('workers', values.workers));
  const limits: Partial<ExecLimits> = {
    timeoutMs: positive('timeout-ms', values['timeout-ms']),
    memoryMb: positive('memory-mb', values['memory-mb']),
    loadTimeoutMs: 2000,
    maxTimeouts: values['max-timeouts'] === '0' ? undefined : Math.floor(positive('max-timeouts', values['max-timeouts'])),
    exhaustedTimeoutMs: positive('exhausted-timeout-ms', values['exhausted-timeout-ms']),
  };
  const perSample = Math.floor(positive('tests-per-sample', values['tests-per-sample']));

  const started = performance.now();
  const problems = readJsonl(values.problems, problemSchema);
  const solutions = new Map(readJsonl(values.solutions, samplesSchema).map((s) => [s.task_id, s.samples]));
  const tests = new Map(readJsonl(values.tests, samplesSchema).map((s) => [s.task_id, s.samples]));
  const missing = problems.filter((p) => !solutions.has(p.task_id) || !tests.has(p.task_id)).map((p) => p.task_id);
  if (missing.length) throw new UsageError(`no samples for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);

  const logger = stderrLogger(values.verbose);
  const pool = new CheckPool({ logger, size: workers });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let done = 0;
  try {
    // All problems at once: the pool keeps both workers busy across problem boundaries.
    const results = await Promise.all(
      problems.map(async (problem) => {
        const result = await benchProblem(pool, problem, solutions.get(problem.task_id)!, tests.get(problem.task_id)!, perSample, limits, controller.signal);
        done += 1;
        if (values.verbose) process.stderr.write(`[${done}/${problems.length}] ${problem.task_id}\n`);
        return result;
      }),
    );
    const ranked = score(results, method);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`problems ${results.length} baseline pass@1 ${baseline(results).toFixed(1)} ranked pass@1 ${ranked.toFixed(1)} seconds ${seconds.toFixed(1)}\n`);
    if (values.report) report(results);
    if (process.env.CODET_STATS) process.stderr.write(`${JSON.stringify({ ...stats, nodeCpu: process.cpuUsage() })}\n`);
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await pool.dispose();
  }
}

/** Every method on all problems and on two folds fixed a priori (task id / 2 even or odd). */
function report(results: ProblemResult[]): void {
  const taskNumber = (r: ProblemResult) => Number(r.taskId.split('/').pop());
  const folds: [string, ProblemResult[]][] = [
    ['all', results],
    ['fold A (id % 4 == 0)', results.filter((r) => taskNumber(r) % 4 === 0)],
    ['fold B (id % 4 == 2)', results.filter((r) => taskNumber(r) % 4 !== 0)],
  ];
  for (const [name, subset] of folds) {
    const cells = rankingMethods.map((m) => `${m} ${score(subset, m).toFixed(1)}`);
    process.stderr.write(`${name}: problems ${subset.length} random ${baseline(subset).toFixed(1)} ${cells.join(' ')}\n`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`bench:codet: ${error.message}\n${usage}\n`);
    else process.stderr.write(`bench:codet: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
