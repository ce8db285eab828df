// "Generate Implementation" and "Generate Tests" in the editor: code lenses on stub functions,
// palette commands on the function at the cursor (or in the selection), a cancellable progress
// notification, clarifying questions as quick picks, and every result through the inline review.
// Both run the workspace's code, so both need a trusted workspace.
import * as vscode from 'vscode';
import { CheckPoolsByPython, type CheckPool } from '../../core/exec/pool';
import { defaultImplementationOptions, generateImplementation } from '../../core/generate/generateImplementation';
import { defaultTestsOptions, generateTests } from '../../core/generate/generateTests';
import { createGenerateSession } from '../../core/generate/session';
import { disposeCoverageSandboxes } from '../../core/generate/targetCoverage';
import type { GenerateOutcome, TestGenOutcome } from '../../core/generate/types';
import { languageOf } from '../../core/index/languages';
import type { Host } from '../../core/ports';
import type { Feature } from '../feature';
import { requireLlm, type ConfiguredLlm } from '../llm/requireLlm';
import { withEngineHost } from '../repair/progressHost';
import type { Services } from '../services';
import { unsavedBuffers } from '../workspaceText';
import { quickPickPrompter } from './quickPickPrompter';
import { failingTestsMarkdown, implementationLog, testsLog } from './reports';
import { STUB_LENS_SELECTOR, StubLenses } from './stubLenses';
import { resolveCommandTarget, type CommandTarget } from './targets';

const UNTRUSTED =
  'SelfDebug checks generated code and tests by running them, which executes the code in this folder; it does that only in a trusted workspace. Trust the folder (Manage Workspace Trust) to use it.';

/** Check workers live as long as the window: each generation reuses the warm processes. */
class WorkerPools implements vscode.Disposable {
  private readonly pools: CheckPoolsByPython;
  constructor(services: Services) {
    this.pools = new CheckPoolsByPython({ logger: services.logger });
  }
  get = (python: string | undefined): CheckPool => this.pools.get(python);
  dispose(): void {
    void this.pools.dispose();
    void disposeCoverageSandboxes();
  }
}

async function run<T>(services: Services, pools: WorkerPools, target: CommandTarget, llm: ConfiguredLlm, title: string, work: (deps: ReturnType<typeof createGenerateSession>['deps'], host: Host) => Promise<T>): Promise<T> {
  const config = services.config(vscode.Uri.file(target.folder));
  return withEngineHost(services, title, async (host) => {
    const session = createGenerateSession({
      folder: target.folder,
      config,
      llm: llm.client,
      model: llm.config.model,
      logger: services.logger,
      ...(host.runs ? { presenter: host.runs } : {}),
      buffers: () => unsavedBuffers(target.folder),
      baseOverlay: unsavedBuffers(target.folder),
      pools: pools.get,
      // Other commands may be using the coverage sandboxes; they go when the window closes.
      disposeSandboxes: false,
    });
    try {
      return await work(session.deps, host);
    } finally {
      await session.dispose();
    }
  });
}

function logLines(services: Services, title: string, lines: string[]): void {
  services.logger.info(title);
  for (const line of lines) services.output.appendLine(line);
}

async function showLog(services: Services, choice: string | undefined): Promise<void> {
  if (choice === 'Show Log') services.output.show(true);
}

async function implement(services: Services, pools: WorkerPools, arg: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(UNTRUSTED);
    return;
  }
  const target = resolveCommandTarget(arg, 'function to implement');
  if (!target) return;
  const llm = await requireLlm(services, 'Generate Implementation');
  if (!llm) return;
  const config = services.config(vscode.Uri.file(target.folder));
  const options = {
    ...defaultImplementationOptions,
    temperature: config.temperature,
    candidates: config.generate.candidates,
    tests: config.generate.tests,
    clarify: config.generate.askClarifyingQuestions,
  };
  const outcome: GenerateOutcome = await run(services, pools, target, llm, `SelfDebug: generating ${target.label}`, (deps, host) =>
    generateImplementation(target.query, deps, options, { ...host, prompter: quickPickPrompter }),
  );
  logLines(services, `Generate Implementation of ${outcome.target.qualifiedName || target.label} (${outcome.target.file}):`, implementationLog(outcome));
  if (outcome.status === 'error') {
    if (/cancelled/.test(outcome.message)) return;
    await showLog(services, await vscode.window.showErrorMessage(`SelfDebug: ${outcome.message}`, 'Show Log'));
    return;
  }
  const review = services.get('review');
  if (outcome.status === 'not-verified') {
    if (!outcome.proposals.length) {
      await showLog(services, await vscode.window.showWarningMessage(`SelfDebug: ${outcome.message}`, 'Show Log'));
      return;
    }
    const choice = await vscode.window.showWarningMessage(`SelfDebug: ${outcome.message}`, 'Review Anyway', 'Show Log');
    if (choice === 'Review Anyway') await review.present(outcome.proposals);
    await showLog(services, choice);
    return;
  }
  await review.present(outcome.proposals);
  const buttons = outcome.testsProposal ? ['Add Generated Tests', 'Show Log'] : ['Show Log'];
  const choice = await vscode.window.showInformationMessage(
    `SelfDebug: ${outcome.message} Review it in the editor.${outcome.testsProposal ? ` ${outcome.testsProposal.title} can be added to ${outcome.testsFile}.` : ''}`,
    ...buttons,
  );
  if (choice === 'Add Generated Tests' && outcome.testsProposal) await review.present([outcome.testsProposal]);
  await showLog(services, choice);
}

async function writeTests(services: Services, pools: WorkerPools, arg: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(UNTRUSTED);
    return;
  }
  const target = resolveCommandTarget(arg, 'function or class to test');
  if (!target) return;
  const llm = await requireLlm(services, 'Generate Tests');
  if (!llm) return;
  const outcome: TestGenOutcome = await run(services, pools, target, llm, `SelfDebug: writing tests for ${target.label}`, (deps, host) => generateTests(target.query, deps, defaultTestsOptions, host));
  logLines(services, `Generate Tests for ${outcome.target.qualifiedName || target.label} (${outcome.target.file}):`, testsLog(outcome));
  if (outcome.status === 'error') {
    if (/cancelled/.test(outcome.message)) return;
    await showLog(services, await vscode.window.showErrorMessage(`SelfDebug: ${outcome.message}`, 'Show Log'));
    return;
  }
  if (outcome.proposals.length) await services.get('review').present(outcome.proposals);
  const buttons = [...(outcome.failing.length ? ['Show Failing Tests'] : []), 'Show Log'];
  const text = `SelfDebug: ${outcome.message}${outcome.proposals.length ? ' Review them in the editor.' : ''}`;
  const choice = await (outcome.status === 'generated' ? vscode.window.showInformationMessage(text, ...buttons) : vscode.window.showWarningMessage(text, ...buttons));
  if (choice === 'Show Failing Tests') {
    const language = languageOf(outcome.target.file) ?? 'python';
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: failingTestsMarkdown(outcome, language) });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
  await showLog(services, choice);
}

export const generateFeature: Feature = {
  name: 'generate',
  activate(services: Services) {
    const pools = new WorkerPools(services);
    const lenses = new StubLenses(services.logger);
    services.subscribe(pools, vscode.languages.registerCodeLensProvider(STUB_LENS_SELECTOR, lenses), vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()));
    return {
      'selfdebug.generateImplementation': (arg?: unknown) => implement(services, pools, arg),
      'selfdebug.generateTests': (arg?: unknown) => writeTests(services, pools, arg),
    };
  },
};
