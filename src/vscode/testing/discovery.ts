// Lists each workspace folder's test files in the Test Explorer before the first run, so the
// user can run a file from there (its tests appear once it has run: only the runner knows
// parametrized cases and computed titles). Follows files created and deleted afterwards.
import path from 'node:path';
import * as vscode from 'vscode';
import type { SelfDebugConfig } from '../../core/config';
import type { Logger } from '../../core/ports';
import { excludeMatcher } from '../../core/index/walker';
import { detectFrameworks } from '../../core/testing/detect';
import { collectedBy, runnerTestFiles } from '../../core/testing/testFiles';
import type { FrameworkId } from '../../core/testing/types';
import { filesExclude } from '../filesExclude';
import type { TestItems } from './testItems';

export class TestFileDiscovery implements vscode.Disposable {
  /** The framework of each folder whose files are listed. */
  private readonly frameworks = new Map<string, FrameworkId>();
  private discovering: Promise<void> | undefined;
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

  private async discoverAll(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    for (const folder of folders) {
      try {
        await this.discoverFolder(folder.uri);
      } catch (error) {
        this.logger.warn(`Tests: could not list the test files of ${folder.uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
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
    const files = await runnerTestFiles(folder, framework, { exclude: filesExclude(uri), logger: this.logger });
    this.frameworks.set(folder, framework);
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

  private watch(): void {
    if (!this.frameworks.size) return;
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.created(uri)),
      watcher.onDidDelete((uri) => this.deleted(uri)),
    );
  }

  private locate(uri: vscode.Uri): { folder: string; file: string } | undefined {
    for (const folder of this.frameworks.keys()) {
      const relative = path.relative(folder, uri.fsPath);
      if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return { folder, file: relative.split(path.sep).join('/') };
    }
    return undefined;
  }

  created(uri: vscode.Uri): void {
    const where = this.locate(uri);
    if (!where) return;
    const framework = this.frameworks.get(where.folder)!;
    if (!collectedBy(framework, where.file)) return;
    // As the walk would: the file and each folder above it against the exclude globs.
    const excluded = excludeMatcher(filesExclude(vscode.Uri.file(where.folder)));
    const parts = where.file.split('/');
    if (excluded(where.file, false) || parts.slice(0, -1).some((_, i) => excluded(parts.slice(0, i + 1).join('/'), true))) return;
    this.items.showFile(where.folder, where.file);
  }

  deleted(uri: vscode.Uri): void {
    const where = this.locate(uri);
    if (where) this.items.removeFiles(where.folder, where.file);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
