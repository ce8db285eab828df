// Keeps one folder's index alive while an editor works in it: builds it once (from the saved
// copy when there is one), then applies document edits, file-system events and saves in
// arrival order, and writes the index back to storage a little after it changes. The VS Code
// adapter only translates editor events into these calls.
import type { Logger } from '../ports';
import { loadIndexFile, saveIndexFile } from './persistence';
import type { TextChange } from './textChange';
import type { FileEntry } from './types';
import { WorkspaceIndex, type IndexOptions } from './workspaceIndex';

export interface IndexSessionOptions extends IndexOptions {
  root: string;
  logger: Logger;
  /** Where the index is saved between sessions (gzip'd JSON); none: not saved. */
  storageFile?: string;
  /**
   * The index is saved once no change has come for this long (ms; default 30 s), and on
   * dispose. Saving serializes on the calling thread (about 0.5 s per 100,000 lines of
   * source), so it waits for a pause rather than interrupting typing.
   */
  saveDelayMs?: number;
}

export interface ReadyOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export class IndexSession {
  private index?: WorkspaceIndex;
  private building?: Promise<WorkspaceIndex>;
  private readonly controller = new AbortController();
  /** Latest text of each open document (editor-owned files). */
  private readonly openDocuments = new Map<string, string>();
  /** Files that changed on disk while the index was being built. */
  private readonly changedDuringBuild = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private saveTimer?: NodeJS.Timeout;
  private dirty = false;
  private disposed = false;

  constructor(private readonly options: IndexSessionOptions) {}

  get root(): string {
    return this.options.root;
  }

  /** The index once built, else undefined. */
  current(): WorkspaceIndex | undefined {
    return this.index;
  }

  /**
   * The built index; the first call builds it, later ones share that build. A caller's signal
   * only stops that caller's wait: the build goes on for the others until `dispose()`.
   */
  ready(options: ReadyOptions = {}): Promise<WorkspaceIndex> {
    if (this.disposed) return Promise.reject(new Error('The index session is disposed'));
    if (this.index) return Promise.resolve(this.index);
    this.building ??= this.build(options).catch((error: unknown) => {
      this.building = undefined;
      throw error;
    });
    return options.signal ? abortable(this.building, options.signal) : this.building;
  }

  documentOpened(file: string, text: string): void {
    this.openDocuments.set(file, text);
    this.enqueue((index) => index.openDocument(file, text));
  }

  documentChanged(file: string, changes: TextChange[], newText: string): void {
    const known = this.openDocuments.has(file);
    this.openDocuments.set(file, newText);
    this.enqueue((index) => (known ? index.applyEdit(file, changes, newText) : index.openDocument(file, newText)));
  }

  documentClosed(file: string): void {
    if (!this.openDocuments.delete(file)) return;
    this.enqueue((index) => index.closeDocument(file));
  }

  /** A file was created or changed on disk. Open documents are the editor's: their text wins. */
  fileChanged(file: string): void {
    if (!this.index) this.changedDuringBuild.add(file);
    if (this.openDocuments.has(file)) return;
    this.enqueue((index) => index.updateFile(file));
  }

  fileDeleted(file: string): void {
    if (!this.index) this.changedDuringBuild.add(file);
    this.openDocuments.delete(file);
    this.enqueue(async (index) => index.removeFile(file));
  }

  /** Something that decides what is indexed changed (.gitignore, tsconfig): walk the folder again. */
  rescan(): void {
    this.enqueue((index) => index.refresh({ signal: this.controller.signal }));
  }

  /** Resolves when every event so far has been applied. */
  async settled(): Promise<void> {
    await this.queue;
  }

  /** Writes the index to storage now (if it changed since the last save). */
  async save(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const { storageFile, logger } = this.options;
    if (!storageFile || !this.index || !this.dirty) return;
    this.dirty = false;
    const started = Date.now();
    try {
      await saveIndexFile(storageFile, this.index.serialize());
      logger.debug(`Index: saved ${this.root} to ${storageFile} in ${Date.now() - started} ms`);
    } catch (error) {
      this.dirty = true;
      logger.warn(`Index: could not save to ${storageFile}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Stops a running build, saves, and frees the parse workers. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.controller.abort(new Error('The index session was closed'));
    await this.queue.catch(() => undefined);
    await this.building?.catch(() => undefined);
    await this.save();
    await this.index?.dispose();
    this.index = undefined;
  }

  private async build(options: ReadyOptions): Promise<WorkspaceIndex> {
    const { logger, storageFile } = this.options;
    const previous = storageFile ? await loadIndexFile(storageFile) : undefined;
    if (storageFile && previous === undefined) logger.debug(`Index: no saved index at ${storageFile}`);
    const index = await WorkspaceIndex.build(this.root, { ...this.options, previous, signal: this.controller.signal, onProgress: options.onProgress });
    if (this.disposed) {
      await index.dispose();
      throw new Error('The index session was closed');
    }
    this.index = index;
    this.markDirty();
    // Catch up with what happened while building: open documents and files changed meanwhile.
    for (const [file, text] of this.openDocuments) this.enqueue((i) => i.openDocument(file, text));
    for (const file of this.changedDuringBuild) if (!this.openDocuments.has(file)) this.enqueue((i) => i.updateFile(file));
    this.changedDuringBuild.clear();
    return index;
  }

  private enqueue(task: (index: WorkspaceIndex) => Promise<FileEntry | undefined | unknown>): void {
    if (this.disposed || !this.index) return; // before the build, the build itself reads everything
    const index = this.index;
    this.queue = this.queue
      .then(() => task(index))
      .then(
        () => this.markDirty(),
        (error: unknown) => this.options.logger.warn(`Index: update failed: ${error instanceof Error ? error.message : String(error)}`),
      );
  }

  private markDirty(): void {
    this.dirty = true;
    if (!this.options.storageFile || this.disposed) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.save(), this.options.saveDelayMs ?? 30_000);
    this.saveTimer.unref?.();
  }
}

/** The promise, or a rejection as soon as the signal aborts (the shared work goes on). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
