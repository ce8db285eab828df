// The `localize` service: ranked suspects for failing tests or a bug report in a workspace
// folder. The repair loop calls it with the test runner's failures. It uses the index service's
// index (or, for a folder outside the workspace, its own, refreshed before every request).
// Per-test coverage is collected only in a trusted workspace, since collecting it runs the tests.
import path from 'node:path';
import * as vscode from 'vscode';
import { WorkspaceIndex } from '../../core/index/workspaceIndex';
import { filesExclude } from '../filesExclude';
import { readWorkspaceText } from '../workspaceText';
import { createLlmClient } from '../../core/llm/client';
import type { LlmClient } from '../../core/llm/types';
import { localize, type LocalizeResult } from '../../core/localize/localizer';
import type { RankedSuspect } from '../../core/localize/types';
import type { Logger, ProgressReporter } from '../../core/ports';
import type { TestFailure } from '../../core/testing/types';
import type { Services } from '../services';

export interface LocalizeService {
  /** Suspects for failing tests of a folder (absolute path), best first. */
  localizeFailures(folder: string, failures: TestFailure[], signal: AbortSignal, progress?: ProgressReporter): Promise<RankedSuspect[]>;
  /** Suspects for a bug described in words. */
  localizeQuery(folder: string, description: string, signal: AbortSignal, progress?: ProgressReporter): Promise<RankedSuspect[]>;
  /** The latest suspects shown to the user. */
  readonly onDidLocalize: vscode.Event<{ folder: string; suspects: RankedSuspect[]; title: string }>;
}

declare module '../services' {
  interface ServiceMap {
    localize: LocalizeService;
  }
}

export class LocalizeServiceImpl implements LocalizeService, vscode.Disposable {
  private readonly indexes = new Map<string, Promise<WorkspaceIndex>>();
  private readonly emitter = new vscode.EventEmitter<{ folder: string; suspects: RankedSuspect[]; title: string }>();
  readonly onDidLocalize = this.emitter.event;

  constructor(
    private readonly services: Services,
    private readonly logger: Logger,
  ) {}

  async localizeFailures(folder: string, failures: TestFailure[], signal: AbortSignal, progress?: ProgressReporter): Promise<RankedSuspect[]> {
    const result = await this.run(folder, { failures }, signal, progress);
    return result.suspects;
  }

  async localizeQuery(folder: string, description: string, signal: AbortSignal, progress?: ProgressReporter): Promise<RankedSuspect[]> {
    const result = await this.run(folder, { query: description, llm: await this.llmClient() }, signal, progress);
    return result.suspects;
  }

  /** Shows suspects in the tree view (the command calls this after a user-started localization). */
  publish(folder: string, suspects: RankedSuspect[], title: string): void {
    this.emitter.fire({ folder, suspects, title });
  }

  private async run(folder: string, input: { failures?: TestFailure[]; query?: string; llm?: LlmClient }, signal: AbortSignal, progress?: ProgressReporter): Promise<LocalizeResult> {
    const root = path.resolve(folder);
    const index = await this.indexFor(root, signal);
    const config = this.services.config(vscode.Uri.file(root));
    // The framework of the folder's last test run, and the command the user configured for it.
    const framework = this.services.tryGet('testing')?.results(root)?.framework;
    const result = await localize({
      root,
      index,
      failures: input.failures,
      query: input.query,
      llm: input.llm,
      coverage: vscode.workspace.isTrusted ? 'auto' : 'off',
      framework,
      testCommand: framework ? config.testCommands[framework] : undefined,
      timeoutMs: config.testTimeoutSeconds * 1000,
      signal,
      logger: this.logger,
      progress,
      readFile: (relative) => readWorkspaceText(root, relative),
    });
    for (const note of result.notes) this.logger.info(`Localize: ${note}`);
    return result;
  }

  /** The index service's index (kept current from editor events); an own one outside workspace folders. */
  private async indexFor(root: string, signal: AbortSignal): Promise<WorkspaceIndex> {
    const shared = this.services.tryGet('index');
    if (shared) {
      const index = await shared.ready(root, signal);
      if (index) {
        await shared.settled(root);
        return index;
      }
    }
    let pending = this.indexes.get(root);
    if (!pending) {
      pending = WorkspaceIndex.build(root, { signal, logger: this.logger, exclude: filesExclude(vscode.Uri.file(root)) });
      this.indexes.set(root, pending);
      pending.catch(() => this.indexes.delete(root));
      return pending;
    }
    const index = await pending;
    await index.refresh({ signal });
    return index;
  }

  private async llmClient(): Promise<LlmClient | undefined> {
    const llm = this.services.tryGet('llm');
    if (!llm) return undefined;
    try {
      return createLlmClient(await llm.endpoint(), { logger: this.logger });
    } catch {
      // No endpoint configured: the search ranking stands on its own.
      return undefined;
    }
  }

  dispose(): void {
    this.emitter.dispose();
    for (const pending of this.indexes.values()) void pending.then((index) => index.dispose(), () => undefined);
    this.indexes.clear();
  }
}
