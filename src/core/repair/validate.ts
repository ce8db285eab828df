// Runs a candidate's tests in an isolated copy: the failing tests first, then (only when they
// all pass) the regression set, compared with the same set on the unchanged code.
import type { TestRunResult } from '../testing/types';
import type { CandidateResult, RepairDeps, TestSelection } from './types';

export interface ValidationPlan {
  targetIds: string[];
  regression: TestSelection;
}

/** The baseline of the regression set is computed once, the first time a candidate needs it. */
export class Baseline {
  private pending?: Promise<TestRunResult>;
  constructor(
    private readonly deps: RepairDeps,
    private readonly plan: ValidationPlan,
    private readonly signal: AbortSignal,
  ) {}

  get(): Promise<TestRunResult> {
    this.pending ??= this.deps.runTests({ ...this.plan.regression, label: 'baseline', signal: this.signal });
    return this.pending;
  }
}

export function passedIds(run: TestRunResult): Set<string> {
  return new Set(run.tests.filter((t) => t.status === 'passed').map((t) => t.id));
}

function runProblem(run: TestRunResult): string | undefined {
  if (run.cancelled) return 'the run was cancelled';
  if (run.runnerError) return run.runnerError;
  if (run.timedOut) return 'the tests timed out (an endless loop or a very slow change?)';
  if (run.collectionErrors.length) return run.collectionErrors.map((e) => (e.file ? `${e.file}: ${e.message}` : e.message)).join('\n');
  return undefined;
}

export interface Validated {
  verdict: CandidateResult['verdict'];
  fixedTests: string[];
  stillFailing: string[];
  regressions: string[];
  testsRun: number;
  feedback: string;
  /** Failures to show the model in a feedback round. */
  failures: TestRunResult['failures'];
  ms: number;
}

export async function validateCandidate(
  deps: RepairDeps,
  plan: ValidationPlan,
  baseline: Baseline,
  changes: Record<string, string>,
  label: string,
  signal: AbortSignal,
): Promise<Validated> {
  const target = await deps.runTests({ testIds: plan.targetIds, overlay: changes, label, signal });
  let ms = target.ms;
  const problem = runProblem(target);
  const passed = passedIds(target);
  const fixedTests = plan.targetIds.filter((id) => passed.has(id));
  const stillFailing = plan.targetIds.filter((id) => !passed.has(id));
  const testsRun = target.passed + target.failed + target.errors;
  if (problem) {
    return { verdict: 'error', fixedTests, stillFailing, regressions: [], testsRun, feedback: problem, failures: target.failures, ms };
  }
  if (stillFailing.length) {
    const failures = target.failures.filter((f) => stillFailing.includes(f.id));
    const feedback = failures.map((f) => `${f.id}: ${f.message}`).join('\n') || `${stillFailing.join(', ')} did not pass`;
    return { verdict: 'failing', fixedTests, stillFailing, regressions: [], testsRun, feedback, failures, ms };
  }
  const [before, after] = await Promise.all([
    baseline.get(),
    deps.runTests({ ...plan.regression, overlay: changes, label: `${label}, regression check`, signal }),
  ]);
  ms += after.ms;
  const afterProblem = runProblem(after);
  if (afterProblem) {
    return { verdict: 'error', fixedTests, stillFailing, regressions: [], testsRun, feedback: afterProblem, failures: after.failures, ms };
  }
  const nowPassing = passedIds(after);
  const targets = new Set(plan.targetIds);
  const regressions = [...passedIds(before)].filter((id) => !targets.has(id) && !nowPassing.has(id)).sort();
  const failures = after.failures.filter((f) => regressions.includes(f.id));
  return {
    verdict: regressions.length ? 'regressing' : 'verified',
    fixedTests,
    stillFailing,
    regressions,
    testsRun: testsRun + after.passed + after.failed + after.errors,
    feedback: regressions.length ? failures.map((f) => `${f.id} (passed before): ${f.message}`).join('\n') : '',
    failures,
    ms,
  };
}
