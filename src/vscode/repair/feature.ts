// "Fix Failing Test", "Fix All Failing Tests in File" and "Explain Failure": the repair loop in
// the editor. Candidates run as tasks, progress is cancellable, every outcome is explained, and
// a verified fix reaches the user only through the inline diff review.
import path from 'node:path';
import * as vscode from 'vscode';
import { languageOf } from '../../core/index/languages';
import type { CodeIndex } from '../../core/index/types';
import { WorkspaceIndex } from '../../core/index/workspaceIndex';
import type { Host } from '../../core/ports';
import { explainFailure, explanationMarkdown } from '../../core/repair/explain';
import { groupBySuspect } from '../../core/repair/grouping';
import type { Suspect } from '../../core/repair/types';
import { fixFailingTests, type FixResult } from '../../core/repair/workspaceRepair';
import type { Proposal } from '../../core/review/types';
import type { TestFailure } from '../../core/testing/types';
import type { Feature } from '../feature';
import { requireLlm } from '../llm/requireLlm';
import type { Services } from '../services';
import { readWorkspaceText, unsavedBuffers } from '../workspaceText';
import { withEngineHost } from './progressHost';
import { failuresInFile, resolveFailingTest } from './targets';

const UNTRUSTED = 'SelfDebug fixes are checked by running your tests, which executes the code in this folder; it does that only in a trusted workspace. Trust the folder (Manage Workspace Trust) to use it.';

function shortName(testId: string): string {
  return testId.split(/::| > /).pop() ?? testId;
}

function logOutcome(services: Services, result: FixResult): void {
  const log = services.logger;
  for (const candidate of result.tried) {
    log.info(`candidate ${candidate.id}: ${candidate.verdict}${candidate.feedback ? ` — ${candidate.feedback.split('\n')[0]}` : ''}`);
    if (candidate.patch) for (const line of candidate.patch.trimEnd().split('\n')) services.output.appendLine(line);
  }
  log.info(
    `${result.status}: ${result.message} (${result.tokens.prompt}+${result.tokens.completion} tokens, model ${(result.llmMs / 1000).toFixed(1)} s, tests ${(result.testMs / 1000).toFixed(1)} s, total ${(result.totalMs / 1000).toFixed(1)} s)`,
  );
}

/** The index service's index of the folder (kept current as files change), if the service runs. */
async function sharedIndex(services: Services, folder: string, signal: AbortSignal): Promise<CodeIndex | undefined> {
  const index = services.tryGet('index');
  if (!index) return undefined;
  await index.settled(folder);
  return index.ready(folder, signal);
}

async function localizerFor(services: Services, folder: string) {
  const localize = services.tryGet('localize');
  if (!localize) return undefined;
  return (failures: TestFailure[], signal: AbortSignal): Promise<Suspect[]> => localize.localizeFailures(folder, failures, signal);
}

async function reportResult(services: Services, result: FixResult, proposals: Proposal[], what: string): Promise<void> {
  if (result.status === 'fixed' && proposals.length) {
    await services.get('review').present(proposals);
    void vscode.window.showInformationMessage(`SelfDebug: ${result.message} Review the change in the editor.`);
    return;
  }
  const show = async (choice: string | undefined) => {
    if (choice === 'Show Log') services.output.show(true);
  };
  if (result.status === 'not-fixed') {
    await show(await vscode.window.showWarningMessage(`SelfDebug could not verify a fix for ${what}. ${result.message}`, 'Show Log'));
  } else {
    await show(await vscode.window.showErrorMessage(`SelfDebug: ${result.message}`, 'Show Log'));
  }
}

async function fixOne(services: Services, arg: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(UNTRUSTED);
    return;
  }
  // The model first: finding the target may run the whole suite, wasted when no model is set up.
  const llm = await requireLlm(services, 'Fix Failing Test');
  if (!llm) return;
  const target = await resolveFailingTest(services, arg);
  if (!target) return;
  const { folder, failure } = target;
  const config = services.config(vscode.Uri.file(folder));
  services.logger.info(`Fix Failing Test: ${failure.id} in ${folder}`);
  const result = await withEngineHost(services, `SelfDebug: fixing ${shortName(failure.id)}`, async (host) =>
    fixFailingTests(
      {
        folder,
        config,
        llm: llm.client,
        model: llm.config.model,
        failures: [failure],
        index: await sharedIndex(services, folder, host.signal),
        readFile: (rel) => readWorkspaceText(folder, rel),
        localizer: await localizerFor(services, folder),
        baseOverlay: unsavedBuffers(folder),
      },
      host,
    ),
  );
  logOutcome(services, result);
  await reportResult(services, result, result.proposals, failure.id);
}

async function fixAllInFile(services: Services, arg: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(UNTRUSTED);
    return;
  }
  const llm = await requireLlm(services, 'Fix All Failing Tests in File');
  if (!llm) return;
  const target = await failuresInFile(services, arg);
  if (!target) return;
  const { folder, failures, file } = target;
  const config = services.config(vscode.Uri.file(folder));
  await withEngineHost(services, `SelfDebug: fixing ${failures.length} failing tests in ${path.basename(file)}`, async (host: Host) => {
    const localize = services.tryGet('localize');
    const suspectsOf = new Map<string, Suspect[]>();
    for (const [i, failure] of failures.entries()) {
      host.progress?.report(`Localizing ${shortName(failure.id)} (${i + 1}/${failures.length})`, (0.1 * i) / failures.length);
      suspectsOf.set(failure.id, localize ? await localize.localizeFailures(folder, [failure], host.signal) : []);
    }
    const groups = groupBySuspect(failures, suspectsOf);
    services.logger.info(`Fix All in ${file}: ${failures.length} failures in ${groups.length} group(s): ${groups.map((g) => g.failures.map((f) => shortName(f.id)).join('+')).join(', ')}`);
    const unsaved = unsavedBuffers(folder);
    const index = await sharedIndex(services, folder, host.signal);
    let base: Record<string, string> = { ...unsaved };
    const results: FixResult[] = [];
    for (const [i, group] of groups.entries()) {
      if (host.signal.aborted) break;
      host.progress?.report(`Group ${i + 1}/${groups.length}: ${group.failures.map((f) => shortName(f.id)).join(', ')}`, 0.1 + (0.9 * i) / groups.length);
      const result = await fixFailingTests(
        {
          folder,
          config,
          llm: llm.client,
          model: llm.config.model,
          failures: group.failures,
          index,
          readFile: (rel) => readWorkspaceText(folder, rel),
          localizer: async (fs, signal) => (fs.length === 1 ? (suspectsOf.get(fs[0].id) ?? []) : localize ? localize.localizeFailures(folder, fs, signal) : []),
          baseOverlay: base,
        },
        { ...host, progress: undefined },
      );
      logOutcome(services, result);
      results.push(result);
      // Later groups are repaired on top of the earlier fixes.
      if (result.status === 'fixed' && result.best) base = { ...base, ...result.best.changes };
    }
    const fixed = results.filter((r) => r.status === 'fixed');
    if (!fixed.length) {
      const reasons = results.map((r) => r.message).join(' ');
      void vscode.window.showWarningMessage(`SelfDebug could not verify a fix for the failing tests in ${file}. ${reasons}`, 'Show Log').then((c) => c === 'Show Log' && services.output.show(true));
      return;
    }
    const changes = [];
    for (const [relativeFile, after] of Object.entries(base)) {
      if (unsaved[relativeFile] === after) continue;
      const before = (await readWorkspaceText(folder, relativeFile)) ?? null;
      if (before !== after) changes.push({ path: path.join(folder, relativeFile), before, after });
    }
    const fixedTests = fixed.flatMap((r) => r.best!.fixedTests);
    const stillFailing = failures.map((f) => f.id).filter((id) => !fixedTests.includes(id));
    const testsRun = Math.max(...fixed.map((r) => r.best!.testsRun));
    const tokens = results.reduce((t, r) => ({ prompt: t.prompt + r.tokens.prompt, completion: t.completion + r.tokens.completion }), { prompt: 0, completion: 0 });
    const proposal: Proposal = {
      id: `fix-all-${Date.now()}`,
      title: `SelfDebug fixes for ${file}`,
      kind: 'repair',
      changes,
      evidence: {
        summary: `fixes ${fixedTests.map(shortName).join(', ')}${stillFailing.length ? `; still failing: ${stillFailing.map(shortName).join(', ')}` : ''}; ${testsRun} tests run, 0 regressions`,
        fixedTests,
        stillFailing,
        regressions: [],
        testsRun,
        tokens,
        llmMs: results.reduce((s, r) => s + r.llmMs, 0),
        totalMs: results.reduce((s, r) => s + r.totalMs, 0),
      },
    };
    await services.get('review').present([proposal]);
    void vscode.window.showInformationMessage(`SelfDebug: fixed ${fixedTests.length} of ${failures.length} failing tests in ${file}. Review the changes in the editor.`);
  });
}

async function explain(services: Services, arg: unknown): Promise<void> {
  const llm = await requireLlm(services, 'Explain Failure');
  if (!llm) return;
  const target = await resolveFailingTest(services, arg);
  if (!target) return;
  const { folder, failure } = target;
  const config = services.config(vscode.Uri.file(folder));
  const markdown = await withEngineHost(services, `SelfDebug: explaining ${shortName(failure.id)}`, async (host) => {
    const localize = services.tryGet('localize');
    host.progress?.report('Localizing the fault');
    const suspects: Suspect[] = localize ? await localize.localizeFailures(folder, [failure], host.signal) : [];
    const shared = await sharedIndex(services, folder, host.signal);
    const index = shared ?? (await WorkspaceIndex.build(folder, { signal: host.signal, logger: services.logger }));
    try {
      host.progress?.report('Asking the model');
      const framework = services.get('testing').results(folder)?.framework ?? 'pytest';
      const explanation = await explainFailure(
        {
          failure,
          suspects,
          index,
          llm: llm.client,
          model: llm.config.model,
          language: languageOf(suspects[0]?.file ?? failure.file) ?? 'python',
          framework,
          tokenBudget: config.tokenBudget,
          readFile: async (rel) => (await readWorkspaceText(folder, rel)) ?? '',
          onText: (text) => host.progress?.report(`Receiving the explanation (${text.length} characters)`),
        },
        host,
      );
      services.logger.info(`Explain Failure ${failure.id}: ${explanation.tokens.prompt}+${explanation.tokens.completion} tokens in ${(explanation.ms / 1000).toFixed(1)} s`);
      return explanationMarkdown(failure, suspects, explanation.text);
    } finally {
      // Only an index built for this command is ours to dispose.
      if (!shared) await (index as WorkspaceIndex).dispose();
    }
  });
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

export const repairFeature: Feature = {
  name: 'repair',
  activate(services: Services) {
    return {
      'selfdebug.fixFailingTest': (arg?: unknown) => fixOne(services, arg),
      'selfdebug.fixAllInFile': (arg?: unknown) => fixAllInFile(services, arg),
      'selfdebug.explainFailure': (arg?: unknown) => explain(services, arg),
    };
  },
};
