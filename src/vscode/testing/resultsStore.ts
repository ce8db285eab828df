// What the editor knows about each folder's tests: the latest status of every test that has run
// and the latest failure of each failing one. A run of one file or one test updates only what it
// ran; a run of everything replaces it all; a run that could not run changes nothing.
import { matchesRequestedId } from '../../core/testing/testIds';
import type { CollectionError, FrameworkId, TestCaseResult, TestFailure, TestRunResult } from '../../core/testing/types';

export interface RunScope {
  files?: string[];
  testIds?: string[];
}

export interface FolderResults {
  folder: string;
  framework: FrameworkId;
  tests: TestCaseResult[];
  failures: TestFailure[];
  collectionErrors: CollectionError[];
  lastRun: TestRunResult;
}

interface FolderState {
  framework: FrameworkId;
  tests: Map<string, TestCaseResult>;
  failures: Map<string, TestFailure>;
  collectionErrors: CollectionError[];
  lastRun: TestRunResult;
}

export class ResultsStore {
  private readonly folders = new Map<string, FolderState>();
  private readonly listeners = new Set<(results: FolderResults) => void>();

  onDidChange(listener: (results: FolderResults) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  update(folder: string, result: TestRunResult, scope: RunScope = {}): FolderResults {
    let state = this.folders.get(folder);
    if (!state || state.framework !== result.framework) {
      state = { framework: result.framework, tests: new Map(), failures: new Map(), collectionErrors: [], lastRun: result };
      this.folders.set(folder, state);
    }
    state.lastRun = result;
    if (!result.runnerError) {
      const files = scope.files ?? [];
      const ids = scope.testIds ?? [];
      const covered = (id: string, file: string) =>
        (files.length === 0 && ids.length === 0) || files.some((f) => file === f || file.startsWith(`${f.replace(/\/$/, '')}/`)) || ids.some((requested) => matchesRequestedId(id, requested));
      for (const [id, test] of state.tests) if (covered(id, test.file)) state.tests.delete(id);
      for (const [id, failure] of state.failures) if (covered(id, failure.file)) state.failures.delete(id);
      const coveredFiles = new Set([...files, ...ids.map((id) => id.split('::')[0]!)]);
      state.collectionErrors = files.length === 0 && ids.length === 0 ? [] : state.collectionErrors.filter((e) => !e.file || !coveredFiles.has(e.file));
      for (const test of result.tests) state.tests.set(test.id, test);
      for (const failure of result.failures) state.failures.set(failure.id, failure);
      state.collectionErrors.push(...result.collectionErrors);
    }
    const snapshot = this.snapshot(folder, state);
    for (const listener of this.listeners) listener(snapshot);
    return snapshot;
  }

  get(folder: string): FolderResults | undefined {
    const state = this.folders.get(folder);
    return state && this.snapshot(folder, state);
  }

  failure(folder: string, testId: string): TestFailure | undefined {
    return this.folders.get(folder)?.failures.get(testId);
  }

  /** Failing tests of one file of a folder. */
  failuresIn(folder: string, file: string): TestFailure[] {
    return [...(this.folders.get(folder)?.failures.values() ?? [])].filter((f) => f.file === file);
  }

  folderNames(): string[] {
    return [...this.folders.keys()];
  }

  private snapshot(folder: string, state: FolderState): FolderResults {
    return {
      folder,
      framework: state.framework,
      tests: [...state.tests.values()],
      failures: [...state.failures.values()],
      collectionErrors: [...state.collectionErrors],
      lastRun: state.lastRun,
    };
  }
}
