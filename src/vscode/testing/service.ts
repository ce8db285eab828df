// The `testing` service: runs a folder's tests for the user through a VS Code task, remembers the
// results per folder, publishes them to the Test Explorer and the code lenses, and is the
// engine's RunPresenter for candidate runs (other features pass it as `presenter`).
import path from 'node:path';
import * as vscode from 'vscode';
import type { Logger, RunView } from '../../core/ports';
import { runTests } from '../../core/testing/runTests';
import { normalizeTestFile } from '../../core/testing/testIds';
import type { FrameworkId, TestFailure, TestRef, TestRunResult } from '../../core/testing/types';
import type { Services } from '../services';
import { relativeInFolder } from '../workspaceText';
import type { FailureLookup } from './codeLens';
import { ResultsStore, type FolderResults } from './resultsStore';
import { TaskRunPresenter } from './taskPresenter';
import type { TestItems } from './testItems';

export interface RunRequest {
  /** Absolute path of the workspace folder. */
  folder: string;
  /** A test file relative to the folder. */
  file?: string;
  testIds?: string[];
  signal?: AbortSignal;
  /** The Test Explorer request this run answers, if any. */
  testRunRequest?: vscode.TestRunRequest;
}

export interface TestingService {
  /** Runs tests for the user (in a task terminal); the results update the editor. Throws UntrustedWorkspaceError. */
  run(request: RunRequest): Promise<TestRunResult>;
  /** What is known about a folder's tests. */
  results(folder: string): FolderResults | undefined;
  /** The latest failure of a test, if it is failing. */
  failure(ref: Pick<TestRef, 'folder' | 'testId'>): TestFailure | undefined;
  readonly onDidChangeResults: vscode.Event<FolderResults>;
  /** The engine's RunPresenter: pass it as `presenter` to runTests to show a run as a task. */
  start(title: string): RunView;
}

declare module '../services' {
  interface ServiceMap {
    testing: TestingService;
  }
}

export class UntrustedWorkspaceError extends Error {
  constructor() {
    super('SelfDebug runs tests only in a trusted workspace: running them executes the code in this folder. Trust the folder (Manage Workspace Trust) to run them.');
  }
}

export class TestingServiceImpl implements TestingService, FailureLookup, vscode.Disposable {
  private readonly store = new ResultsStore();
  private readonly changed = new vscode.EventEmitter<FolderResults>();
  readonly onDidChangeResults = this.changed.event;
  private readonly presenter: TaskRunPresenter;
  private readonly storeSubscription: { dispose(): void };

  constructor(
    private readonly services: Pick<Services, 'config'>,
    private readonly logger: Logger,
    private readonly items: TestItems,
  ) {
    this.presenter = new TaskRunPresenter(logger);
    this.storeSubscription = this.store.onDidChange((results) => this.changed.fire(results));
  }

  start(title: string): RunView {
    return this.presenter.start(title);
  }

  async run(request: RunRequest): Promise<TestRunResult> {
    if (!vscode.workspace.isTrusted) throw new UntrustedWorkspaceError();
    const folder = path.resolve(request.folder);
    const config = this.services.config(vscode.Uri.file(folder));
    const result = await runTests({
      folder,
      file: request.file,
      testIds: request.testIds,
      signal: request.signal,
      config,
      logger: this.logger,
      presenter: this.presenter,
    });
    this.store.update(folder, result, { files: request.file ? [normalizeTestFile(folder, request.file)] : [], testIds: request.testIds });
    // The Test Explorer is one view of the results; a problem there must not lose the others.
    try {
      this.items.publish(folder, result, request.testRunRequest);
    } catch (error) {
      this.logger.error('Could not show the results in the Test Explorer', error);
    }
    return result;
  }

  results(folder: string): FolderResults | undefined {
    return this.store.get(path.resolve(folder));
  }

  failure(ref: Pick<TestRef, 'folder' | 'testId'>): TestFailure | undefined {
    return this.store.failure(path.resolve(ref.folder), ref.testId);
  }

  failuresFor(uri: vscode.Uri): { folder: string; framework: FrameworkId; failures: TestFailure[] } | undefined {
    if (uri.scheme !== 'file') return undefined;
    for (const folder of this.store.folderNames()) {
      const rel = relativeInFolder(folder, uri.fsPath);
      if (!rel) continue;
      const results = this.store.get(folder)!;
      const failures = this.store.failuresIn(folder, rel);
      if (failures.length) return { folder, framework: results.framework, failures };
    }
    return undefined;
  }

  dispose(): void {
    this.storeSubscription.dispose();
    this.changed.dispose();
  }
}
