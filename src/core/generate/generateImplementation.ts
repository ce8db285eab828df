// "Generate Implementation": N implementation candidates and M generated test cases from the
// model; every candidate runs every check in the persistent check workers, and the user's own
// tests of the function (run with the project's runner on an isolated copy) are hard filters.
// Candidates are ranked by execution agreement (src/core/generate/ranking); when the best groups
// are close and compute different things on some input, the user is asked which result is right
// and the answer re-ranks them. A winner that still fails a user's test goes through the repair
// loop. The result is a proposal for the review, with its evidence, plus an offer to add the
// generated tests the winner passes to the project's tests.
import path from 'node:path';
import { isCancellation } from '../llm/errors';
import { tokenCounterFor } from '../llm/tokens';
import { meteredClient, UsageMeter } from '../llm/usage';
import type { Host } from '../ports';
import { unifiedDiff } from '../repair/patch';
import type { Proposal } from '../review/types';
import type { FrameworkId, TestFailure, TestRunResult } from '../testing/types';
import { checksAsTests } from './checksToTests';
import { askClarifications, type ClarifyOptions } from './clarifyStep';
import type { GenerateDeps } from './deps';
import type { ExecCheck } from './execution';
import { findExistingTests, runExistingTests, type ExistingTests } from './existingTests';
import { normalizedCode, parseImplementation } from './parseImplementation';
import { parseChecks } from './parseChecks';
import { checksPrompt, implementationPrompt, type PromptBudget } from './prompts';
import { rankMatrix, type RankedView } from './rankStep';
import { selfDebug } from './selfDebug';
import { resolveTarget, TargetError, type TargetQuery } from './target';
import { composeTestFile, uniqueNames } from './testFileEdit';
import { readTestBlocks } from './testBlocks';
import { chooseTestFile, pythonModuleName, relativeImport } from './testPlacement';
import { extractCalls } from './clarify/probes';
import { execLanguage } from './workerExecutor';
import type { CandidateExecution, Clarification, CodeUnit, ExistingTestVerdict, GeneratedCheck, GenerateOutcome, ImplementationCandidate, ImplementationEvidence } from './types';

export interface GenerateImplementationOptions {
  /** Implementation candidates asked for (N). */
  candidates: number;
  /** Generated test cases kept at most (M). */
  tests: number;
  /** Answers asked for the test cases (each holds several). */
  testSamples: number;
  temperature: number;
  checkTemperature: number;
  /** Ask the user when the best groups are close and disagree (needs host.prompter). */
  clarify: boolean;
  maxQuestions: number;
  /** Repair a winner that fails an existing test. */
  selfDebug: boolean;
  /** Existing-test runs of candidates at once (the runner limits further). */
  ranking?: Parameters<typeof rankMatrix>[1];
  clarifyOptions?: Partial<ClarifyOptions>;
}

export const defaultImplementationOptions: GenerateImplementationOptions = {
  candidates: 5,
  tests: 10,
  testSamples: 2,
  temperature: 0.8,
  checkTemperature: 0.6,
  clarify: true,
  maxQuestions: 2,
  selfDebug: true,
};

const JS_FRAMEWORKS: FrameworkId[] = ['vitest', 'jest', 'mocha', 'node-test'];

class Cancelled extends Error {}

export async function generateImplementation(query: TargetQuery, deps: GenerateDeps, options: GenerateImplementationOptions, host: Host): Promise<GenerateOutcome> {
  const started = Date.now();
  const { logger, signal } = host;
  const meter = new UsageMeter();
  const llm = meteredClient(deps.llm, meter, deps.model);
  const progress = (message: string, fraction?: number) => {
    logger.info(message);
    host.progress?.report(message, fraction);
  };
  const checkCancelled = () => {
    if (signal.aborted) throw new Cancelled();
  };
  const outcomeTarget: GenerateOutcome['target'] = { file: query.file, qualifiedName: query.qualifiedName ?? '' };
  let checks: GeneratedCheck[] = [];
  let executions: CandidateExecution[] = [];
  let summaries: GenerateOutcome['candidates'] = [];
  const rejectedAnswers: string[] = [];
  const finish = (partial: Partial<GenerateOutcome> & Pick<GenerateOutcome, 'status' | 'message'>): GenerateOutcome => {
    const totals = meter.totals();
    return {
      target: outcomeTarget,
      checks,
      executions,
      proposals: [],
      candidates: summaries,
      rejectedAnswers,
      ...partial,
      tokens: { prompt: totals.prompt, completion: totals.completion },
      llmMs: totals.ms,
      totalMs: Date.now() - started,
    };
  };

  try {
    const { unit: target, fileText } = await resolveTarget(query, deps.readFile, ['function', 'method']);
    outcomeTarget.qualifiedName = target.qualifiedName;
    if (target.stub) outcomeTarget.stub = target.stub;
    else logger.warn(`${target.qualifiedName} is not a stub; its current body will be replaced by the generated implementation`);
    const files = await deps.listFiles();
    const listing = { files, read: deps.readFile };
    const detection = await deps.framework();
    const frameworkFits = !!detection && (target.language === 'python' ? detection.framework === 'pytest' : JS_FRAMEWORKS.includes(detection.framework));
    const existing: ExistingTests = frameworkFits ? await findExistingTests(target, listing) : { files: [], tests: [] };
    logger.info(
      `Generate implementation of ${target.qualifiedName} (${target.file}${target.stub ? `, stub: ${target.stub}` : ''}): ${options.candidates} candidates, up to ${options.tests} tests; ` +
        `${existing.tests.length} existing test(s) call it${existing.files.length ? ` (${existing.files.join(', ')})` : ''}`,
    );

    // 1. Ask for candidates and test cases at once; run the existing tests on the stub meanwhile.
    const counter = tokenCounterFor(deps.model);
    const budget: PromptBudget = { counter, tokenBudget: deps.config.tokenBudget, reserveCompletion: Math.min(3000, Math.floor(deps.config.tokenBudget / 3)) };
    const implPrompt = implementationPrompt(target, fileText, existing.tests, budget);
    const testPrompt = checksPrompt(target, fileText, Math.ceil(options.tests / Math.max(1, options.testSamples)) + 2, budget);
    progress(`Asking for ${options.candidates} implementations and ${options.tests} test cases of ${target.qualifiedName}`, 0.05);
    const [implResult, checkResult, baseline] = await Promise.allSettled([
      llm.complete({ messages: implPrompt.messages, n: options.candidates, temperature: options.temperature, maxTokens: implPrompt.maxCompletionTokens, signal, purpose: 'generate implementation' }),
      llm.complete({ messages: testPrompt.messages, n: options.testSamples, temperature: options.checkTemperature, maxTokens: testPrompt.maxCompletionTokens, signal, purpose: 'generate test cases' }),
      existing.tests.length ? runExistingTests(existing, {}, deps.runTests, `tests of ${target.qualifiedName} — before`, signal) : Promise.resolve(undefined),
    ]);
    checkCancelled();
    if (implResult.status === 'rejected') throw implResult.reason;
    if (checkResult.status === 'rejected') logger.warn(`The test cases could not be generated: ${errorText(checkResult.reason)}; ranking on the existing tests only`);
    const before = baseline.status === 'fulfilled' ? baseline.value?.verdict : undefined;

    // 2. Parse: each answer into a candidate (duplicates merged), the test cases into checks.
    const candidates: ImplementationCandidate[] = [];
    const byCode = new Map<string, ImplementationCandidate>();
    for (const [i, text] of implResult.value.texts.entries()) {
      const parsed = await parseImplementation(text, target, fileText, implResult.value.finishReasons?.[i]);
      if (!parsed.ok) {
        rejectedAnswers.push(`answer ${i + 1}: ${parsed.reason}`);
        continue;
      }
      const key = normalizedCode(parsed.candidate.fileText, target.language === 'python');
      const twin = byCode.get(key);
      if (twin) {
        twin.duplicates++;
        continue;
      }
      const candidate = { id: `c${candidates.length + 1}`, duplicates: 0, ...parsed.candidate };
      byCode.set(key, candidate);
      candidates.push(candidate);
    }
    for (const reason of rejectedAnswers) logger.warn(`Unusable ${reason}`);
    if (!candidates.length) {
      return finish({ status: 'not-verified', message: `None of the ${implResult.value.texts.length} answers gave a usable implementation of ${target.qualifiedName}: ${rejectedAnswers.join(' ')}` });
    }
    checks = checkResult.status === 'fulfilled' ? (await parseChecks(checkResult.value.texts, target.name, target.language, options.tests)).map((c, i) => ({ ...c, id: `t${i + 1}` })) : [];
    const language = execLanguage(target);
    const probes = target.kind === 'function' ? (await extractCalls(language, checks.map((c) => c.source), target.name)).slice(0, 24) : [];
    logger.info(`${candidates.length} distinct candidate(s) of ${implResult.value.texts.length} answers; ${checks.length} generated test case(s); ${probes.length} probe input(s)`);

    // 3. Execute: every candidate against every check (and the probes, for their values).
    progress(`Running ${candidates.length} candidates against ${checks.length} generated tests`, 0.35);
    const execChecks: ExecCheck[] = [...checks.map((c) => ({ id: c.id, code: c.code, kind: 'exec' as const })), ...probes.map((p, i) => ({ id: `p${i + 1}`, code: p, kind: 'eval' as const }))];
    executions = execChecks.length
      ? await deps.executor.execute({
          folder: deps.folder,
          target,
          candidates: candidates.map((c) => ({ id: c.id, fileText: c.fileText })),
          checks: execChecks,
          signal,
          onCandidate: (done, total) => host.progress?.report(`Ran ${done}/${total} candidates`, 0.35 + (0.2 * done) / Math.max(1, total)),
        })
      : candidates.map((c) => ({ candidateId: c.id, checks: {}, ms: 0 }));
    checkCancelled();

    // 4. Hard filters: the user's tests of the function, per candidate, on an isolated copy.
    const verdicts = new Map<string, { verdict: ExistingTestVerdict; run: TestRunResult }>();
    let unavailable: string | undefined;
    if (existing.tests.length) {
      progress(`Running the ${existing.tests.length} existing test(s) of ${target.qualifiedName} on each candidate`, 0.6);
      const loadable = candidates.filter((c) => !executions.find((e) => e.candidateId === c.id)?.loadError);
      await Promise.all(
        loadable.map(async (c, i) => {
          verdicts.set(c.id, await runExistingTests(existing, { [target.file]: c.fileText }, deps.runTests, `tests of ${target.qualifiedName} — candidate ${i + 1}/${loadable.length}`, signal));
        }),
      );
      checkCancelled();
      // Tests that could not run at all (runner missing, collection error) filter nothing.
      const all = [...verdicts.values()].map((v) => v.verdict);
      if (all.length && all.every((v) => v.problem && v.passed.length === 0)) {
        unavailable = all[0]!.problem!;
        logger.warn(`The existing tests of ${target.qualifiedName} could not run (${unavailable}); ranking on the generated tests only`);
        verdicts.clear();
      }
    }

    // 5. Rank; ask when close; pick.
    const clarifications: Clarification[] = [];
    const answered: boolean[][] = candidates.map(() => []);
    const matrix = () => ({
      candidates,
      checks,
      probes,
      executions,
      existing: unavailable ? { files: [], tests: [] } : existing,
      verdicts,
      answered,
    });
    let view: RankedView = rankMatrix(matrix(), options.ranking);
    if (options.clarify && host.prompter && probes.length) {
      progress('Comparing the best candidates on concrete inputs', 0.75);
      await askClarifications(
        { target, view, candidates, probes, executions, answered, clarifications, prompter: host.prompter, logger, maxQuestions: options.maxQuestions, options: options.clarifyOptions },
        () => (view = rankMatrix(matrix(), options.ranking)),
      );
      checkCancelled();
    }
    let winner = view.winner;
    if (!winner) return finish({ status: 'not-verified', message: `No candidate of ${target.qualifiedName} could be loaded and run: ${executions.map((e) => e.loadError).filter(Boolean)[0] ?? 'unknown reason'}` });
    let winnerText = winner.fileText;
    let winnerVerdict = verdicts.get(winner.id)?.verdict;
    let winnerExecution = executions.find((e) => e.candidateId === winner!.id);
    let repaired = false;

    // 6. Self-debug a winner that fails an existing test.
    if (winnerVerdict?.failed.length && options.selfDebug && detection) {
      const run = verdicts.get(winner.id)!.run;
      const failures: TestFailure[] = run.failures.filter((f) => winnerVerdict!.failed.some((id) => f.id === id || f.id.startsWith(`${id}[`)));
      if (failures.length) {
        progress(`The best candidate fails ${failures.length} existing test(s); self-debugging it`, 0.8);
        const fixed = await selfDebug({ target, fileText: winnerText, failures, testFiles: existing.files, framework: detection.framework, llm, deps }, host);
        checkCancelled();
        logger.info(`Self-debug: ${fixed.outcome.message}`);
        if (fixed.fileText) {
          repaired = true;
          winnerText = fixed.fileText;
          const rerun = await runExistingTests(existing, { [target.file]: winnerText }, deps.runTests, `tests of ${target.qualifiedName} — repaired`, signal);
          winnerVerdict = rerun.verdict;
          if (execChecks.length) {
            [winnerExecution] = await deps.executor.execute({ folder: deps.folder, target, candidates: [{ id: `${winner.id}-repaired`, fileText: winnerText }], checks: execChecks, signal });
          }
          winner = { ...winner, id: `${winner.id}-repaired`, fileText: winnerText };
        }
      }
    }

    // 7. Evidence, proposals, and the generated tests the winner passes.
    const checksPassed = checks.filter((c) => winnerExecution?.checks[c.id] === 'pass').map((c) => c.id);
    const existingVerdict: ExistingTestVerdict = winnerVerdict ?? { passed: [], failed: [], ...(unavailable ? { problem: unavailable } : {}) };
    const passesExisting = existingVerdict.failed.length === 0;
    const verified = passesExisting && (checksPassed.length > 0 || existingVerdict.passed.length > 0);
    const evidence: ImplementationEvidence = {
      existingTests: existingVerdict,
      groupSize: view.winnerGroup?.agreeingCandidates ?? 1,
      candidates: implResult.value.texts.length,
      distinctCandidates: candidates.length,
      generatedChecks: checks.length,
      checksPassed,
      ...(view.winnerGroup ? { score: view.winnerGroup.score } : {}),
      ...(view.runnerUp ? { runnerUpScore: view.runnerUp.score } : {}),
      method: view.method,
      ...(view.winnerGroup ? { rankingEvidence: view.winnerGroup.evidence } : {}),
      clarifications,
      repaired,
    };
    summaries = candidates.map((c) => {
      const e = executions.find((x) => x.candidateId === c.id);
      const v = verdicts.get(c.id)?.verdict;
      const group = view.groupOf(c.id);
      return { id: c.id, duplicates: c.duplicates, ...(e?.loadError ? { loadError: e.loadError } : {}), ...(v ? { existingTests: v } : {}), ...(group !== undefined ? { group } : {}) };
    });
    const patch = unifiedDiff({ [target.file]: fileText }, { [target.file]: winnerText });
    const proposals: Proposal[] = [implementationProposal(deps.folder, target, fileText, winner, evidence, before, meter, started, 'best')];
    for (const alternative of view.alternatives.slice(0, 2)) {
      if (alternative.id === winner.id) continue;
      proposals.push(implementationProposal(deps.folder, target, fileText, alternative, { ...evidence, groupSize: view.groupSize(alternative.id), checksPassed: checks.filter((c) => executions.find((e) => e.candidateId === alternative.id)?.checks[c.id] === 'pass').map((c) => c.id), existingTests: verdicts.get(alternative.id)?.verdict ?? { passed: [], failed: [] }, repaired: false }, before, meter, started, 'alternative'));
    }
    const passedChecks = checks.filter((c) => checksPassed.includes(c.id));
    const answeredChecks = answeredAsChecks(clarifications, target);
    let testsProposal: Proposal | undefined;
    let testsPatch: string | undefined;
    let testsFile: string | undefined;
    if (detection && frameworkFits && passedChecks.length + answeredChecks.length > 0) {
      const built = await testsAddition(target, [...passedChecks, ...answeredChecks], detection.framework, deps, listing);
      testsFile = built.file;
      testsPatch = unifiedDiff({ [built.file]: built.before }, { [built.file]: built.after });
      testsProposal = {
        id: `tests:${built.file}:${target.qualifiedName}`,
        title: `${built.count} generated test${built.count === 1 ? '' : 's'} of ${target.qualifiedName} that the implementation passes`,
        kind: 'tests',
        changes: [{ path: path.join(deps.folder, built.file), before: built.before, after: built.after }],
        evidence: {
          summary: `adds ${built.count} generated test${built.count === 1 ? '' : 's'} the new ${target.qualifiedName} passes`,
          fixedTests: [],
          stillFailing: [],
          regressions: [],
          testsRun: built.count,
          details: [...passedChecks, ...answeredChecks].map((c) => c.source.split('\n')[0]!),
        },
      };
    }
    const message = verified
      ? `Generated ${target.qualifiedName}: ${evidence.existingTests.passed.length ? `passes its ${evidence.existingTests.passed.length} existing test(s), ` : ''}agreed by ${evidence.groupSize} of ${evidence.candidates} candidates, passes ${checksPassed.length} of ${checks.length} generated tests${repaired ? ' (after self-debugging)' : ''}${unavailable ? ` (its existing tests could not run: ${unavailable})` : ''}.`
      : passesExisting
        ? `Generated an implementation of ${target.qualifiedName}, but nothing verified it: it passes none of the ${checks.length} generated tests${existing.tests.length ? '' : ' and the function has no existing tests'}.`
        : `No candidate of ${target.qualifiedName} passes all its existing tests${options.selfDebug ? ', even after self-debugging' : ''}; the closest still fails ${existingVerdict.failed.join(', ')}.`;
    return finish({
      status: verified ? 'generated' : 'not-verified',
      winner: { ...winner, fileText: winnerText },
      patch,
      ...(testsPatch ? { testsPatch, testsFile } : {}),
      evidence,
      proposals,
      ...(testsProposal ? { testsProposal } : {}),
      message,
    });
  } catch (error) {
    if (error instanceof Cancelled || isCancellation(error) || signal.aborted) return finish({ status: 'error', message: 'Generation was cancelled; nothing was changed.' });
    if (error instanceof TargetError) return finish({ status: 'error', message: error.message });
    logger.error('Generate implementation failed', error);
    return finish({ status: 'error', message: errorText(error) });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function evidenceSummary(evidence: ImplementationEvidence): string {
  const parts: string[] = [];
  const existing = evidence.existingTests;
  if (existing.passed.length || existing.failed.length) parts.push(`passes ${existing.passed.length}/${existing.passed.length + existing.failed.length} existing tests`);
  parts.push(`agreed by ${evidence.groupSize} of ${evidence.candidates} candidates`);
  parts.push(`passes ${evidence.checksPassed.length}/${evidence.generatedChecks} generated tests`);
  if (evidence.clarifications.some((c) => c.answer !== undefined)) parts.push(`${evidence.clarifications.filter((c) => c.answer !== undefined).length} answer(s) of yours`);
  if (evidence.repaired) parts.push('self-debugged');
  return parts.join('; ');
}

function implementationProposal(
  folder: string,
  target: CodeUnit,
  before: string,
  candidate: ImplementationCandidate,
  evidence: ImplementationEvidence,
  baseline: ExistingTestVerdict | undefined,
  meter: UsageMeter,
  started: number,
  rank: 'best' | 'alternative',
): Proposal {
  const totals = meter.totals();
  const fixed = baseline ? evidence.existingTests.passed.filter((id) => baseline.failed.includes(id)) : evidence.existingTests.passed;
  return {
    id: `implementation:${target.file}:${target.qualifiedName}:${candidate.id}`,
    title: `${rank === 'best' ? 'Implementation' : 'Alternative implementation'} of ${target.qualifiedName}`,
    kind: 'implementation',
    changes: [{ path: path.join(folder, target.file), before, after: candidate.fileText }],
    evidence: {
      summary: evidenceSummary(evidence),
      fixedTests: fixed,
      stillFailing: evidence.existingTests.failed,
      regressions: baseline ? evidence.existingTests.failed.filter((id) => baseline.passed.includes(id)) : [],
      testsRun: evidence.existingTests.passed.length + evidence.existingTests.failed.length + evidence.generatedChecks,
      tokens: { prompt: totals.prompt, completion: totals.completion },
      llmMs: totals.ms,
      totalMs: Date.now() - started,
      details: [
        ...(evidence.rankingEvidence ? [`${evidence.method}: ${evidence.rankingEvidence}`] : []),
        ...evidence.clarifications.filter((c) => c.answer !== undefined).map((c) => `you chose ${c.answer} for ${c.call}`),
        ...(candidate.extras.length ? [`also ${candidate.extras.join(', ')}`] : []),
      ],
    },
  };
}

/** Answers to clarifying questions as checks (for the tests the user may add). */
function answeredAsChecks(clarifications: Clarification[], target: CodeUnit): GeneratedCheck[] {
  const out: GeneratedCheck[] = [];
  for (const [i, c] of clarifications.entries()) {
    if (c.answer === undefined || c.answer.startsWith('error:')) continue;
    if (target.language === 'python') {
      const code = `assert ${c.call} == ${c.answer}`;
      out.push({ id: `a${i + 1}`, code, source: code, call: c.call, expected: c.answer });
    } else if (/^(-?[\d.]+(e[+-]?\d+)?|'[^'\\]*'|true|false|null|undefined|\[[\s\S]*\]|\{[\s\S]*\})$/.test(c.answer)) {
      const code = `assert.deepStrictEqual(${c.call}, ${c.answer});`;
      out.push({ id: `a${i + 1}`, code, source: code, call: c.call, expected: c.answer });
    }
  }
  return out;
}

async function testsAddition(target: CodeUnit, checks: GeneratedCheck[], framework: FrameworkId, deps: GenerateDeps, listing: { files: string[]; read: (f: string) => Promise<string> }) {
  const placement = await chooseTestFile(target.file, target.language, listing);
  const before = placement.exists ? await deps.readFile(placement.file) : null;
  const existingIds = new Set((before ? await readTestBlocks(placement.file, before, target.language) : []).map((b) => b.id));
  const converted = await checksAsTests(checks, target, framework);
  const tests = uniqueNames(converted.tests, existingIds, placement.file, target.language);
  const exported = target.className ? target.className.split('.')[0]! : target.name;
  const targetImport = target.language === 'python' ? `from ${pythonModuleName(target.file, listing.files)} import ${exported}` : `import { ${exported} } from '${relativeImport(placement.file, target.file)}';`;
  const after = await composeTestFile(before ?? undefined, { imports: converted.imports, support: [], tests }, { language: target.language, framework, targetImport, targetName: exported });
  return { file: placement.file, before, after, count: tests.length };
}
