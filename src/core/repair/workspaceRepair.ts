// The repair as the CLI and the editor run it on a real workspace folder: find the failing
// tests (or take them from the caller), index, localize, run the loop with real test runs in
// sandboxes, and turn the verified candidates into review proposals.
import { readFile as readDisk } from 'node:fs/promises';
import path from 'node:path';
import type { SelfDebugConfig } from '../config';
import { applyEdits } from '../edits/applyEdits';
import { editFormatInstructions } from '../edits/instructions';
import { parseEditAnswer } from '../edits/parseAnswer';
import { languageOf } from '../index/languages';
import type { CodeIndex, LanguageId } from '../index/types';
import { WorkspaceIndex } from '../index/workspaceIndex';
import { tokenCounterFor } from '../llm/tokens';
import type { LlmClient } from '../llm/types';
import { localize } from '../localize/localizer';
import type { Host } from '../ports';
import type { Proposal } from '../review/types';
import { resolveFramework, runTests } from '../testing/runTests';
import type { FrameworkId, TestFailure, TestRunResult } from '../testing/types';
import { repair } from './repairLoop';
import type { AppliedAnswer, ApplyHints, CandidateResult, RepairDeps, RepairOutcome, Suspect } from './types';

export interface FixRequest {
  /** Absolute workspace folder. */
  folder: string;
  config: SelfDebugConfig;
  llm: LlmClient;
  /** Model name, to count tokens with its tokenizer. */
  model: string;
  /** The failures to fix; when absent, the selection is run (in a sandbox) to find them. */
  failures?: TestFailure[];
  /** Which tests to run to find failures: test ids and/or files; nothing = the whole suite. */
  selection?: { testIds?: string[]; files?: string[] };
  index?: CodeIndex;
  /** Current text of a workspace file (unsaved editor buffers); default: the disk. */
  readFile?: (relative: string) => Promise<string | undefined>;
  framework?: FrameworkId;
  /** Per-test coverage for the localizer: 'auto' runs the tests once more with a tracer. */
  coverage?: 'auto' | 'off';
  fullSuite?: boolean;
  /** Ranks suspects (the editor passes its localize service, which keeps its index warm). */
  localizer?: (failures: TestFailure[], signal: AbortSignal) => Promise<Suspect[]>;
  /**
   * Changes that hold under every run and every prompt: unsaved editor buffers, or the fixes of
   * earlier groups in "Fix All Failing Tests in File". Candidates are computed on top of them.
   */
  baseOverlay?: Record<string, string>;
}

export interface FixResult extends RepairOutcome {
  framework?: FrameworkId;
  /** Unified diff of the best candidate (empty when not fixed). */
  patch: string;
  /** Best first, then alternatives; each ready for the review. */
  proposals: Proposal[];
  suspects: Suspect[];
}

function emptyOutcome(status: RepairOutcome['status'], message: string, started: number): FixResult {
  return {
    status,
    message,
    alternatives: [],
    tried: [],
    targetTests: [],
    originals: {},
    rounds: 0,
    candidates: 0,
    tokens: { prompt: 0, completion: 0 },
    llmMs: 0,
    testMs: 0,
    totalMs: Date.now() - started,
    patch: '',
    proposals: [],
    suspects: [],
  };
}

export function evidenceSummary(candidate: CandidateResult): string {
  const fixes = candidate.fixedTests.map((id) => id.split(/::| > /).pop()).join(', ');
  return `fixes ${fixes}; ${candidate.testsRun} tests run, ${candidate.regressions.length} regressions`;
}

export function toProposals(folder: string, outcome: RepairOutcome): Proposal[] {
  const verified = outcome.best ? [outcome.best, ...outcome.alternatives] : [];
  return verified.map((candidate, i) => ({
    id: candidate.id,
    title: i === 0 ? `SelfDebug fix for ${outcome.targetTests.join(', ')}` : `Alternative fix ${i} for ${outcome.targetTests.join(', ')}`,
    kind: 'repair' as const,
    changes: Object.entries(candidate.changes).map(([file, after]) => ({
      path: path.join(folder, file),
      before: outcome.originals[file] ?? null,
      after,
    })),
    evidence: {
      summary: evidenceSummary(candidate),
      fixedTests: candidate.fixedTests,
      stillFailing: candidate.stillFailing,
      regressions: candidate.regressions,
      testsRun: candidate.testsRun,
      tokens: outcome.tokens,
      llmMs: outcome.llmMs,
      totalMs: outcome.totalMs,
      details: [
        `round ${candidate.round}; ${candidate.duplicates + 1} of ${outcome.candidates} candidates made this change`,
        `${outcome.tokens.prompt + outcome.tokens.completion} tokens, ${(outcome.llmMs / 1000).toFixed(1)} s in the model, ${(outcome.totalMs / 1000).toFixed(1)} s in all`,
      ],
    },
  }));
}

/** Applies a model answer with the edit format of src/core/edits; never touches the disk. */
export async function applyAnswer(answer: string, files: Record<string, string>, hints: ApplyHints): Promise<AppliedAnswer> {
  const map = new Map(Object.entries(files));
  const parsed = await parseEditAnswer(answer, { files: map, defaultFile: hints.defaultFile, targets: hints.targets });
  const problems = parsed.problems.filter((p) => p.kind !== 'ignored').map((p) => p.message);
  if (!parsed.edits.length) return { changes: {}, problems: problems.length ? problems : ['The answer contained no edit.'] };
  const result = await applyEdits(map, parsed.edits, { defaultFile: hints.defaultFile, targets: hints.targets, readOnly: new Set(hints.readOnly) });
  problems.push(...result.rejected.map((r) => r.reason));
  const changes: Record<string, string> = {};
  for (const file of result.changedFiles) changes[file] = result.files.get(file)!;
  return { changes, problems };
}

function failuresOf(run: TestRunResult): TestFailure[] {
  return run.failures;
}

export async function fixFailingTests(request: FixRequest, host: Host): Promise<FixResult> {
  const started = Date.now();
  const folder = path.resolve(request.folder);
  const { config, signal, logger } = { ...request, ...host };
  const baseOverlay = request.baseOverlay ?? {};
  const readText = async (relative: string): Promise<string> => {
    if (relative in baseOverlay) return baseOverlay[relative];
    const fromEditor = await request.readFile?.(relative);
    if (fromEditor !== undefined) return fromEditor;
    return readDisk(path.join(folder, relative), 'utf8');
  };
  const detection = await resolveFramework(folder, config, request.framework);
  const framework = detection.framework;

  let failures = request.failures;
  if (!failures) {
    host.progress?.report('Running the tests to find the failures', 0.01);
    // An empty overlay runs in a sandbox, so even caches are not written into the folder.
    const run = await runTests({ folder, ...request.selection, overlay: { ...baseOverlay }, signal, config, logger, framework, presenter: host.runs, label: 'finding failures' });
    if (run.runnerError) return { ...emptyOutcome('error', `The tests could not run: ${run.runnerError}`, started), framework };
    if (run.collectionErrors.length && !run.failures.length) {
      return { ...emptyOutcome('error', `The tests could not be collected: ${run.collectionErrors.map((e) => e.message).join('; ')}`, started), framework };
    }
    failures = failuresOf(run);
  }
  if (!failures.length) return { ...emptyOutcome('error', 'No failing test to fix: the selected tests pass.', started), framework };

  host.progress?.report('Indexing the workspace', 0.02);
  const ownIndex = request.index ? undefined : await WorkspaceIndex.build(folder, { signal, logger });
  const index = request.index ?? ownIndex!;
  let suspects: Suspect[] = [];
  try {
    const deps: RepairDeps = {
      llm: request.llm,
      index,
      framework,
      localize: async (targets, s) => {
        if (request.localizer) return (suspects = await request.localizer(targets, s));
        const result = await localize({
          root: folder,
          index,
          failures: targets,
          framework,
          coverage: request.coverage ?? 'auto',
          timeoutMs: config.testTimeoutSeconds * 1000,
          signal: s,
          logger,
          readFile: (rel) => readText(rel).catch(() => undefined),
          limit: 10,
        });
        for (const note of result.notes) logger.info(`Localize: ${note}`);
        suspects = result.suspects.map(({ file, symbol, startLine, endLine, score, why }) => ({ file, symbol, startLine, endLine, score, why }));
        return suspects;
      },
      runTests: (run) =>
        runTests({ folder, testIds: run.testIds, files: run.files, overlay: { ...baseOverlay, ...run.overlay }, signal: run.signal, config, logger, framework, presenter: host.runs, label: run.label }),
      readFile: readText,
      applyAnswer,
    };
    const language: LanguageId = languageOf(failures[0].stack.filter((f) => f.inWorkspace).pop()?.file ?? failures[0].file) ?? languageOf(failures[0].file) ?? 'python';
    const budget = config.tokenBudget;
    const outcome = await repair(
      failures,
      deps,
      { candidatesPerRound: config.candidatesPerRound, maxRounds: config.maxRounds, temperature: config.temperature, fullSuite: request.fullSuite },
      {
        language,
        editFormat: editFormatInstructions(language),
        budgetTokens: budget,
        reserveCompletion: Math.min(4096, Math.floor(budget / 4)),
        counter: tokenCounterFor(request.model),
      },
      host,
    );
    return { ...outcome, framework, patch: outcome.best?.patch ?? '', proposals: toProposals(folder, outcome), suspects };
  } finally {
    await ownIndex?.dispose();
  }
}
