// The `index` service: one workspace index per folder, built in parse worker threads on
// activation (from the copy saved in the workspace storage when there is one), kept current
// from document edits (incremental re-parse) and file-system events, saved back after changes.
// All the work is in src/core/index/session.ts; this file only forwards editor events.
import { createHash } from 'node:crypto';
import path from 'node:path';
import * as vscode from 'vscode';
import { allLanguages, languageOf } from '../../core/index/languages';
import { IndexSession } from '../../core/index/session';
import { filesExclude } from '../filesExclude';
import type { WorkspaceIndex } from '../../core/index/workspaceIndex';
import type { Feature } from '../feature';
import type { Services } from '../services';

export interface IndexService {
  /**
   * The index of the workspace folder that holds `target` (a folder or file path, URI or
   * workspace folder; default: the first folder), built if needed. Undefined outside any folder.
   */
  ready(target?: string | vscode.Uri | vscode.WorkspaceFolder, signal?: AbortSignal): Promise<WorkspaceIndex | undefined>;
  /** The index if already built, without waiting. */
  current(target?: string | vscode.Uri | vscode.WorkspaceFolder): WorkspaceIndex | undefined;
  /** Resolves once every editor and file event so far is in the index. */
  settled(target?: string | vscode.Uri | vscode.WorkspaceFolder): Promise<void>;
}

declare module '../services' {
  interface ServiceMap {
    index: IndexService;
  }
}

export const indexFeature: Feature = {
  name: 'index',
  activate(services: Services) {
    const manager = new IndexManager(services);
    services.subscribe(manager);
    services.provide('index', manager);
    manager.start();
    return {};
  },
};

class IndexManager implements IndexService, vscode.Disposable {
  private readonly sessions = new Map<string, IndexSession>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {}

  start(): void {
    const workspace = vscode.workspace;
    this.disposables.push(
      workspace.onDidOpenTextDocument((document) => this.forDocument(document, (session, file) => session.documentOpened(file, document.getText()))),
      workspace.onDidChangeTextDocument((event) => {
        if (!event.contentChanges.length) return;
        this.forDocument(event.document, (session, file) =>
          session.documentChanged(
            file,
            event.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text })),
            event.document.getText(),
          ),
        );
      }),
      workspace.onDidCloseTextDocument((document) => this.forDocument(document, (session, file) => session.documentClosed(file))),
      workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) void this.close(folder.uri.fsPath);
        for (const folder of event.added) this.warmUp(folder);
      }),
      workspace.onDidChangeConfiguration((event) => {
        // The exclude list decides what is indexed: start those folders over.
        for (const root of [...this.sessions.keys()]) {
          if (event.affectsConfiguration('files.exclude', vscode.Uri.file(root))) void this.close(root).then(() => this.warmUp(root));
        }
      }),
      this.watchFiles(),
    );
    for (const folder of workspace.workspaceFolders ?? []) this.warmUp(folder);
  }

  async ready(target?: string | vscode.Uri | vscode.WorkspaceFolder, signal?: AbortSignal): Promise<WorkspaceIndex | undefined> {
    const session = this.sessionFor(target);
    return session ? this.build(session, signal) : undefined;
  }

  current(target?: string | vscode.Uri | vscode.WorkspaceFolder): WorkspaceIndex | undefined {
    return this.sessionFor(target)?.current();
  }

  async settled(target?: string | vscode.Uri | vscode.WorkspaceFolder): Promise<void> {
    await this.sessionFor(target)?.settled();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const root of [...this.sessions.keys()]) void this.close(root);
  }

  /** Starts building a folder's index in the background, reporting in the status bar. */
  private warmUp(folder: vscode.WorkspaceFolder | string): void {
    const session = this.sessionFor(folder);
    if (session) void this.build(session).catch(() => undefined);
  }

  private build(session: IndexSession, signal?: AbortSignal): Promise<WorkspaceIndex> {
    const existing = session.current();
    if (existing) return Promise.resolve(existing);
    const name = path.basename(session.root);
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `SelfDebug: indexing ${name}` }, async (progress) => {
        let lastShown = 0;
        try {
          const index = await session.ready({
            signal,
            onProgress: (done, total) => {
              if (total && done - lastShown < total / 50 && done !== total) return;
              lastShown = done;
              progress.report({ message: `${done}/${total} files` });
            },
          });
          const stats = index.stats();
          this.services.logger.info(`Index ready for ${session.root}: ${stats.files} files, ${stats.symbols} symbols, ${stats.edges} edges in ${stats.ms} ms`);
          return index;
        } catch (error) {
          if (!signal?.aborted) this.services.logger.error(`Indexing ${session.root} failed`, error);
          throw error;
        }
      }),
    );
  }

  private sessionFor(target?: string | vscode.Uri | vscode.WorkspaceFolder): IndexSession | undefined {
    const folder = this.folderOf(target);
    if (!folder) return undefined;
    const root = folder.uri.fsPath;
    let session = this.sessions.get(root);
    if (!session) {
      session = new IndexSession({
        root,
        logger: this.services.logger,
        exclude: filesExclude(folder.uri),
        storageFile: this.storageFile(root),
      });
      this.sessions.set(root, session);
      // Documents already open (and maybe edited) before this session existed.
      for (const document of vscode.workspace.textDocuments) {
        if (document.uri.scheme === 'file' && languageOf(document.uri.fsPath) && vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath === root) {
          session.documentOpened(document.uri.fsPath, document.getText());
        }
      }
    }
    return session;
  }

  private folderOf(target?: string | vscode.Uri | vscode.WorkspaceFolder): vscode.WorkspaceFolder | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (target === undefined) return folders.find((f) => f.uri.scheme === 'file');
    if (typeof target !== 'string' && 'uri' in target && 'index' in target) return target.uri.scheme === 'file' ? target : undefined;
    const uri = typeof target === 'string' ? vscode.Uri.file(target) : target;
    if (uri.scheme !== 'file') return undefined;
    const exact = folders.find((f) => f.uri.fsPath === uri.fsPath);
    return exact ?? vscode.workspace.getWorkspaceFolder(uri);
  }

  private storageFile(root: string): string | undefined {
    const storage = this.services.context.storageUri;
    if (!storage || storage.scheme !== 'file') return undefined;
    const key = createHash('sha1').update(root).digest('hex').slice(0, 16);
    return path.join(storage.fsPath, 'index', `${key}.json.gz`);
  }

  private forDocument(document: vscode.TextDocument, apply: (session: IndexSession, file: string) => void): void {
    if (document.uri.scheme !== 'file' || !languageOf(document.uri.fsPath)) return;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return;
    const session = this.sessions.get(folder.uri.fsPath);
    if (session) apply(session, document.uri.fsPath);
  }

  private watchFiles(): vscode.Disposable {
    const extensions = allLanguages().flatMap((l) => l.extensions.map((e) => e.slice(1)));
    const sources = vscode.workspace.createFileSystemWatcher(`**/*.{${extensions.join(',')}}`);
    const configs = vscode.workspace.createFileSystemWatcher('**/{.gitignore,tsconfig.json,jsconfig.json}');
    const onSource = (deleted: boolean) => (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const session = folder && this.sessions.get(folder.uri.fsPath);
      if (!session) return;
      if (deleted) session.fileDeleted(uri.fsPath);
      else session.fileChanged(uri.fsPath);
    };
    let rescanTimer: NodeJS.Timeout | undefined;
    const onConfig = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const session = folder && this.sessions.get(folder.uri.fsPath);
      if (!session) return;
      clearTimeout(rescanTimer);
      rescanTimer = setTimeout(() => session.rescan(), 500);
    };
    const subscriptions = [
      sources,
      configs,
      sources.onDidCreate(onSource(false)),
      sources.onDidChange(onSource(false)),
      sources.onDidDelete(onSource(true)),
      configs.onDidCreate(onConfig),
      configs.onDidChange(onConfig),
      configs.onDidDelete(onConfig),
    ];
    return { dispose: () => subscriptions.forEach((s) => s.dispose()) };
  }

  private async close(root: string): Promise<void> {
    const session = this.sessions.get(root);
    if (!session) return;
    this.sessions.delete(root);
    await session.dispose().catch((error: unknown) => this.services.logger.warn(`Index: closing ${root}: ${String(error)}`));
  }
}
