// Shows each workspace folder's tests in the Test Explorer (and the gutter) before the first run:
// the test files the folder's runner would collect, and in each file, once it is expanded or
// opened in an editor, the tests declared in its source (tree-sitter, nothing is run). Runs
// later fill in what only the runner knows (parametrized cases, computed titles). Follows files
// created, changed and deleted, and edits of open test files.
import path from 'node:path';
import * as vscode from 'vscode';
import type { SelfDebugConfig } from '../../core/config';
import { languageOf } from '../../core/index/languages';
import { excludeMatcher } from '../../core/index/walker';
import type { Logger } from '../../core/ports';
import { detectFrameworks } from '../../core/testing/detect';
import { discoverTests } from '../../core/testing/discoverTests';
import { collectedBy, runnerTestFiles } from '../../core/testing/testFiles';
import type { FrameworkId } from '../../core/testing/types';
import { filesExclude } from '../filesExclude';
import { readWorkspaceText, relativeInFolder } from '../workspaceText';
import type { TestItems } from './testItems';

/** Wait after the last keystroke before an open test file is read again. */
const EDIT_DEBOUNCE_MS = 400;

export class TestFileDiscovery implements vscode.Disposable {
  /** Each folder whose files are listed: its framework and its exclude globs (as listed). */
  private readonly folders = new Map<string, { framework: FrameworkId; excluded: (relativePath: string, isDirectory: boolean) => boolean }>();
  private discovering: Promise<void> | undefined;
  /** Files whose tests have been read (`folder::file`): they are read again when they change. */
  private readonly resolved = new Set<string>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly items: TestItems,
    private readonly config: (scope: vscode.Uri) => SelfDebugConfig,
    private readonly logger: Logger,
  ) {}

  /** Lists the test files of every folder, once; later calls wait for the first. */
  discover(): Promise<void> {
    this.discovering ??= this.discoverAll();
    return this.discovering;
  }

  /** Reads the tests of a listed file (VS Code asks when the user expands it). */
  async resolve(item: vscode.TestItem): Promise<void> {
    const target = this.items.target(item);
    if (target && !target.testId) await this.discoverFile(target.folder, target.file);
  }

  private async discoverAll(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    for (const folder of folders) {
      try {
        await this.discoverFolder(folder.uri);
      } catch (error) {
        this.logger.warn(`Tests: could not list the test files of ${folder.uri.fsPath}: ${errorText(error)}`);
      }
    }
    this.watch();
  }

  private async discoverFolder(uri: vscode.Uri): Promise<void> {
    const folder = uri.fsPath;
    const framework = await this.frameworkOf(folder, uri);
    if (!framework) {
      this.logger.info(`Tests: no test framework found in ${folder}; the Test Explorer lists its tests after a run.`);
      return;
    }
    const exclude = filesExclude(uri);
    const files = await runnerTestFiles(folder, framework, { exclude, logger: this.logger });
    this.folders.set(folder, { framework, excluded: excludeMatcher(exclude) });
    for (const file of files) this.items.showFile(folder, file);
    this.logger.info(`Tests: ${files.length} ${framework} test file${files.length === 1 ? '' : 's'} in ${folder}`);
  }

  /** As a run would choose it: the detected framework, else the only one with a configured command. */
  private async frameworkOf(folder: string, uri: vscode.Uri): Promise<FrameworkId | undefined> {
    const detected = await detectFrameworks(folder, process.env, { findInterpreter: false });
    if (detected[0]) return detected[0].framework;
    const configured = Object.keys(this.config(uri).testCommands) as FrameworkId[];
    return configured.length === 1 ? configured[0] : undefined;
  }

  /** Reads a test file's tests: from the editor when it is open (unsaved edits count), else from disk. */
  private async discoverFile(folder: string, file: string): Promise<void> {
    const framework = this.folders.get(folder)?.framework;
    const language = languageOf(file);
    if (!framework || !language) return;
    try {
      const text = await readWorkspaceText(folder, file);
      if (text === undefined) return;
      const tests = await discoverTests(file, language, text);
      // The file may have been deleted while it was read.
      if (!this.items.fileItemOf(folder, file)) return;
      this.items.showDiscovered(folder, framework, file, tests);
      this.resolved.add(`${folder}::${file}`);
    } catch (error) {
      this.logger.debug(`Tests: could not read the tests of ${path.join(folder, file)}: ${errorText(error)}`);
    }
  }

  private watch(): void {
    if (!this.folders.size) return;
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.created(uri)),
      watcher.onDidChange((uri) => this.changed(uri)),
      watcher.onDidDelete((uri) => this.deleted(uri)),
      vscode.workspace.onDidOpenTextDocument((document) => this.opened(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.edited(event.document)),
    );
    for (const document of vscode.workspace.textDocuments) this.opened(document);
  }

  private locate(uri: vscode.Uri): { folder: string; file: string } | undefined {
    if (uri.scheme !== 'file') return undefined;
    for (const folder of this.folders.keys()) {
      const file = relativeInFolder(folder, uri.fsPath);
      if (file) return { folder, file };
    }
    return undefined;
  }

  /** A file the folder's runner collects and the exclude globs let through, checked as the walk would. */
  private collected(where: { folder: string; file: string }): boolean {
    const { framework, excluded } = this.folders.get(where.folder)!;
    if (!collectedBy(framework, where.file)) return false;
    const parts = where.file.split('/');
    return !excluded(where.file, false) && !parts.slice(0, -1).some((_, i) => excluded(parts.slice(0, i + 1).join('/'), true));
  }

  created(uri: vscode.Uri): void {
    const where = this.locate(uri);
    if (where && this.collected(where)) this.items.showFile(where.folder, where.file);
  }

  changed(uri: vscode.Uri): void {
    const where = this.locate(uri);
    if (where && this.resolved.has(`${where.folder}::${where.file}`)) void this.discoverFile(where.folder, where.file);
  }

  deleted(uri: vscode.Uri): void {
    const where = this.locate(uri);
    if (!where) return;
    this.items.removeFiles(where.folder, where.file);
    for (const key of [...this.resolved]) if (key === `${where.folder}::${where.file}` || key.startsWith(`${where.folder}::${where.file}/`)) this.resolved.delete(key);
  }

  /** An opened test file shows its tests in the gutter at once. */
  private opened(document: vscode.TextDocument): void {
    const where = this.locate(document.uri);
    if (!where || !this.collected(where)) return;
    this.items.showFile(where.folder, where.file);
    void this.discoverFile(where.folder, where.file);
  }

  private edited(document: vscode.TextDocument): void {
    const where = this.locate(document.uri);
    if (!where || !this.items.fileItemOf(where.folder, where.file) || !this.collected(where)) return;
    const key = `${where.folder}::${where.file}`;
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.discoverFile(where.folder, where.file);
      }, EDIT_DEBOUNCE_MS),
    );
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
