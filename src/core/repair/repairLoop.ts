// The self-debugging loop: localize → prompt → N candidates → validate in isolated runs →
// feedback rounds (Self-Debug, with a Reflexion memory) → ranked verified candidates.
// It never writes to the user's files: candidates live in overlays until the review accepts one.
import type { Host } from '../ports';
import type { ChatMessage, CompletionResult } from '../llm/types';
import type { TestFailure } from '../testing/types';
import { gatherContext, type RepairContext } from './context';
import { remember } from './memory';
import { behaviourKey, changedLineCount, unifiedDiff } from './patch';
import { feedbackMessage, initialMessages, rejectedMessage, type PromptSettings } from './prompts';
import { mostPromising, rankVerified } from './rank';
import { isTestFile } from '../testing/testFiles';
import { regressionSelection } from './regressionSet';
import type { ApplyHints, CandidateResult, RepairDeps, RepairOptions, RepairOutcome } from './types';
import { Baseline, validateCandidate, type ValidationPlan } from './validate';

export type RepairPromptSettings = Omit<PromptSettings, 'framework'>;

/** A line of questioning: its messages so far and the files its edits apply to. */
interface Thread {
  messages: ChatMessage[];
  base: Record<string, string>;
  n: number;
}

export class RepairCancelled extends Error {
  constructor() {
    super('The repair was cancelled.');
    this.name = 'RepairCancelled';
  }
}

function checkCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new RepairCancelled();
}

function distribute(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0)).filter((n) => n > 0);
}

export async function repair(
  failures: TestFailure[],
  deps: RepairDeps,
  options: RepairOptions,
  prompt: RepairPromptSettings,
  host: Host,
): Promise<RepairOutcome> {
  const started = Date.now();
  const { signal, logger } = host;
  const progress = (message: string, fraction?: number) => {
    logger.info(message);
    host.progress?.report(message, fraction);
  };
  const tokens = { prompt: 0, completion: 0 };
  let llmMs = 0;
  let testMs = 0;
  const targetIds = failures.map((f) => f.id);
  const tried: CandidateResult[] = [];
  const originals: Record<string, string> = {};
  let rounds = 0;
  let answersReceived = 0;

  const outcome = (status: RepairOutcome['status'], message: string): RepairOutcome => {
    const verified = rankVerified(tried);
    return {
      status,
      best: verified[0],
      alternatives: verified.slice(1),
      tried,
      targetTests: targetIds,
      originals: Object.fromEntries(Object.entries(originals).filter(([file]) => tried.some((c) => file in c.changes))),
      rounds,
      candidates: answersReceived,
      tokens,
      llmMs,
      totalMs: Date.now() - started,
      testMs,
      message,
    };
  };

  try {
    checkCancelled(signal);
    progress(`Localizing the fault of ${targetIds.join(', ')}`, 0.02);
    const suspects = await deps.localize(failures, signal);
    if (!suspects.length) logger.warn('The localizer found no suspect; the prompt shows the tests only.');
    const context: RepairContext = await gatherContext(deps.index, failures, suspects, deps.readFile);
    Object.assign(originals, context.files);
    const targetFiles = [...new Set(failures.map((f) => f.file))];
    // Files a candidate may change: the suspects' and the callees' shown with them (not tests).
    const touchable = [...new Set([...context.suspects.map((s) => s.suspect.file), ...Object.keys(context.files).filter((f) => !isTestFile(f))])];
    const plan: ValidationPlan = {
      targetIds,
      regression: regressionSelection(deps.index, targetFiles, touchable, options.fullSuite ?? false),
    };
    const baseline = new Baseline(deps, plan, signal);
    const hints: ApplyHints = {
      defaultFile: context.suspects[0]?.suspect.file,
      targets: context.suspects.map((s) => ({ file: s.suspect.file, qualifiedName: s.suspect.symbol })),
      readOnly: targetFiles.filter((file) => !touchable.includes(file)),
    };
    const settings: PromptSettings = { ...prompt, framework: deps.framework };
    let memory: string[] = [];
    const seen = new Map<string, CandidateResult>();
    let threads: Thread[] = [{ messages: initialMessages(context, memory, settings), base: originals, n: options.candidatesPerRound }];

    for (let round = 1; round <= options.maxRounds; round++) {
      checkCancelled(signal);
      rounds = round;
      const share = (round - 1) / options.maxRounds;
      progress(`Round ${round}/${options.maxRounds}: asking for ${options.candidatesPerRound} candidates`, 0.05 + share * 0.9);
      const answers: { thread: Thread; text: string }[] = [];
      const results = await Promise.allSettled(
        threads.map((thread) =>
          deps.llm.complete({ messages: thread.messages, n: thread.n, temperature: options.temperature, maxTokens: prompt.reserveCompletion, signal, purpose: `repair round ${round}` }),
        ),
      );
      checkCancelled(signal);
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') {
          const r: CompletionResult = result.value;
          tokens.prompt += r.usage.prompt;
          tokens.completion += r.usage.completion;
          llmMs += r.ms;
          for (const text of r.texts) answers.push({ thread: threads[i], text });
          answersReceived += r.texts.length;
        }
      });
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (!answers.length) {
        const reason = failed[0]?.reason;
        throw reason instanceof Error ? reason : new Error(String(reason ?? 'The model returned no answer.'));
      }
      for (const f of failed) logger.warn(`A request of round ${round} failed: ${f.reason instanceof Error ? f.reason.message : String(f.reason)}`);

      // Parse and apply every answer before any test runs; bad edits are rejected here.
      const candidates: { result: CandidateResult; thread: Thread; fresh: boolean }[] = [];
      for (const [i, { thread, text }] of answers.entries()) {
        const id = `r${round}c${i + 1}`;
        const applied = await deps.applyAnswer(text, thread.base, hints);
        const problems = [...applied.problems];
        const testEdits = Object.keys(applied.changes).filter((file) => isTestFile(file) && !touchable.includes(file));
        if (testEdits.length) problems.push(`It edits test files (${testEdits.join(', ')}); fix the code under test instead.`);
        // A feedback thread's base already holds the earlier change; the candidate is the full change.
        const changes: Record<string, string> = {};
        for (const [file, after] of Object.entries({ ...diffFromOriginals(thread.base, originals), ...applied.changes })) {
          if (originals[file] !== after) changes[file] = after;
        }
        for (const file of Object.keys(applied.changes)) if (!(file in originals)) originals[file] = await deps.readFile(file).catch(() => '');
        const patch = unifiedDiff(originals, changes);
        const base: CandidateResult = {
          id,
          round,
          changes,
          patch,
          changedLines: changedLineCount(originals, changes),
          verdict: 'rejected',
          fixedTests: [],
          stillFailing: targetIds,
          regressions: [],
          testsRun: 0,
          feedback: '',
          answer: text,
          duplicates: 0,
        };
        if (testEdits.length || !Object.keys(changes).length) {
          base.feedback = problems.join('\n') || 'The answer contained no edit.';
          candidates.push({ result: base, thread, fresh: false });
          continue;
        }
        const key = behaviourKey(changes);
        const twin = seen.get(key);
        if (twin) {
          // Agreement between candidates counts in the ranking; the twin is not run again.
          twin.duplicates++;
          continue;
        }
        seen.set(key, base);
        if (problems.length) base.feedback = problems.join('\n');
        candidates.push({ result: base, thread, fresh: true });
      }

      const toRun = candidates.filter((c) => c.fresh);
      progress(`Round ${round}: testing ${toRun.length} distinct candidate(s) of ${candidates.length}`, 0.1 + share * 0.9);
      await Promise.all(
        toRun.map(async ({ result }, i) => {
          const v = await validateCandidate(deps, plan, baseline, result.changes, `candidate ${i + 1}/${toRun.length} (round ${round})`, signal);
          testMs += v.ms;
          const partialProblems = result.feedback;
          Object.assign(result, {
            verdict: v.verdict,
            fixedTests: v.fixedTests,
            stillFailing: v.stillFailing,
            regressions: v.regressions,
            testsRun: v.testsRun,
            feedback: [v.feedback, partialProblems].filter(Boolean).join('\n'),
          });
          failuresByCandidate.set(result, v.failures);
        }),
      );
      checkCancelled(signal);
      tried.push(...candidates.map((c) => c.result));
      const verified = rankVerified(tried);
      if (verified.length) {
        const best = verified[0];
        return outcome('fixed', `Fixed ${best.fixedTests.join(', ')} in round ${round} (${answersReceived} candidates, ${tried.length} distinct; ${best.testsRun} tests run, 0 regressions).`);
      }
      memory = remember(memory, candidates.map((c) => c.result));
      if (round === options.maxRounds) break;

      // Self-Debug: continue the most promising threads with their test results.
      const promising = mostPromising(
        candidates.filter((c) => c.result.answer).map((c) => c.result),
        Math.min(2, options.candidatesPerRound),
      );
      const next: Thread[] = [];
      const counts = distribute(options.candidatesPerRound, Math.max(1, promising.length));
      for (const [i, candidate] of promising.entries()) {
        const origin = candidates.find((c) => c.result === candidate)!;
        const reply: ChatMessage =
          candidate.verdict === 'rejected'
            ? rejectedMessage(candidate.feedback.split('\n'))
            : feedbackMessage({
                patch: candidate.patch,
                result: resultLine(candidate),
                failures: failuresByCandidate.get(candidate) ?? [],
                problems: [],
              });
        const messages = [...origin.thread.messages, { role: 'assistant' as const, content: candidate.answer }, reply];
        const base = candidate.verdict === 'rejected' ? origin.thread.base : { ...originals, ...candidate.changes };
        if (prompt.counter.countMessages(messages) > prompt.budgetTokens - prompt.reserveCompletion) {
          // Too long to continue: start afresh, carrying the lessons in the memory.
          next.push({ messages: initialMessages(context, memory, settings), base: originals, n: counts[i] });
        } else {
          next.push({ messages, base, n: counts[i] });
        }
      }
      if (!next.length) next.push({ messages: initialMessages(context, memory, settings), base: originals, n: options.candidatesPerRound });
      threads = next;
    }
    const best = mostPromising(tried, 1)[0];
    const closest = best ? ` Closest: ${best.id} (${best.fixedTests.length}/${targetIds.length} target tests passing${best.regressions.length ? `, ${best.regressions.length} regressions` : ''}).` : '';
    return outcome('not-fixed', `No verified fix after ${rounds} round(s) and ${answersReceived} candidates.${closest}`);
  } catch (error) {
    if (error instanceof RepairCancelled || signal.aborted) return outcome('error', 'The repair was cancelled; nothing was changed.');
    logger.error('Repair failed', error);
    return outcome('error', error instanceof Error ? error.message : String(error));
  }
}

// Failures of each candidate's last run, for the feedback turn (not part of the public result).
const failuresByCandidate = new WeakMap<CandidateResult, TestFailure[]>();

function resultLine(candidate: CandidateResult): string {
  switch (candidate.verdict) {
    case 'failing':
      return `${candidate.fixedTests.length} of ${candidate.fixedTests.length + candidate.stillFailing.length} failing tests pass now; still failing: ${candidate.stillFailing.join(', ')}.`;
    case 'regressing':
      return `The failing tests pass, but tests that passed before now fail: ${candidate.regressions.join(', ')}.`;
    case 'error':
      return `The tests could not run: ${candidate.feedback}`;
    default:
      return candidate.feedback;
  }
}

function diffFromOriginals(base: Record<string, string>, originals: Record<string, string>): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const [file, text] of Object.entries(base)) if (originals[file] !== text) changed[file] = text;
  return changed;
}
