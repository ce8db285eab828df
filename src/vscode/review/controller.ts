// The review service: shows proposals in their files and runs the review commands. One open
// review per file; replaced reviews stay "dormant" so undo can bring them back, finished ones stay
// until their document closes so undoing the last accept revives them.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Logger, ReviewPort } from '../../core/ports';
import { hunkAtLine, layoutHunks } from '../../core/review/layout';
import { LineIndex } from '../../core/review/lines';
import {
  acceptAll,
  acceptHunk,
  canAccept,
  canReject,
  createReview,
  discardHunk,
  findHunk,
  isOpen,
  modelText,
  openHunks,
  rejectAll,
  rejectHunk,
  ReviewError,
  type ReviewModel,
} from '../../core/review/model';
import { resync } from '../../core/review/session';
import type { FileChange, Proposal } from '../../core/review/types';
import type { ReviewCodeLenses } from './codeLens';
import type { ReviewDecorations } from './decorations';
import { FileReview, type CandidateSet } from './fileReview';
import type { SideBySideDocuments } from './sideBySide';
import type { ReviewStore, StoredReview } from './store';

export const CONTEXT_KEY = 'selfdebug.reviewActive';
const DORMANT_LIMIT = 3;

export interface ReviewViews {
  decorations: ReviewDecorations;
  codeLenses: ReviewCodeLenses;
  sideBySide: SideBySideDocuments;
}

export class ReviewController implements ReviewPort, vscode.Disposable {
  private readonly reviews = new Map<string, FileReview>();
  private readonly dormant = new Map<string, FileReview[]>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[] = [];
  private views!: ReviewViews;

  constructor(
    private readonly logger: Logger,
    private readonly store: ReviewStore,
  ) {}

  /** Connects the views and the editor events; restores the reviews stored before a reload. */
  start(views: ReviewViews): void {
    this.views = views;
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e)),
      vscode.workspace.onDidOpenTextDocument((d) => this.reconcile(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.onDocumentClosed(d)),
      vscode.workspace.onWillSaveTextDocument((e) => this.onWillSave(e.document)),
      vscode.workspace.onDidRenameFiles((e) => this.onRenamed(e)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((uri) => this.onDeleted(uri))),
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
    );
    for (const entry of groupCandidates(this.store.load())) {
      const review = new FileReview(vscode.Uri.parse(entry.uri), entry.candidates, entry.candidateIndex, entry.fileIndex, entry.model, { shown: true });
      this.track(review);
    }
    for (const document of vscode.workspace.textDocuments) this.reconcile(document);
    this.renderAll();
    this.updateContext();
  }

  reviewOf(uri: vscode.Uri): FileReview | undefined {
    return this.reviews.get(uri.toString());
  }

  reviewByKey(key: string): FileReview | undefined {
    return this.reviews.get(key);
  }

  // ---- ReviewPort ----

  async present(proposals: Proposal[]): Promise<void> {
    if (proposals.length === 0) {
      void vscode.window.showInformationMessage('SelfDebug: there is no proposal to review.');
      return;
    }
    await this.showCandidate({ id: randomUUID(), proposals }, 0);
  }

  // ---- commands ----

  async acceptHunk(uri?: string, id?: number): Promise<void> {
    const target = await this.target(uri, id);
    if (!target) return;
    const hunk = findHunk(target.review.model, target.id);
    let force = false;
    if (isOpen(hunk) && !canAccept(hunk)) {
      const message = hunk.conflict
        ? 'You changed these lines after SelfDebug made the proposal. Accept anyway and replace your lines with the proposed ones? (Undo brings them back.)'
        : 'You edited the current lines of this change. Accept anyway and delete your edited lines? (Undo brings them back.)';
      if ((await vscode.window.showWarningMessage(message, { modal: true }, 'Accept Anyway')) !== 'Accept Anyway') return;
      force = true;
    }
    await this.run(target.review, target.document, (m) => acceptHunk(m, target.id, { force }));
  }

  async rejectHunk(uri?: string, id?: number): Promise<void> {
    const target = await this.target(uri, id);
    if (!target) return;
    const hunk = findHunk(target.review.model, target.id);
    let force = false;
    if (isOpen(hunk) && !canReject(hunk)) {
      const message = 'You edited the proposed lines of this change. Reject anyway and delete them? (Undo brings them back.)';
      if ((await vscode.window.showWarningMessage(message, { modal: true }, 'Reject Anyway')) !== 'Reject Anyway') return;
      force = true;
    }
    await this.run(target.review, target.document, (m) => rejectHunk(m, target.id, { force }));
  }

  async keepBoth(uri?: string, id?: number): Promise<void> {
    const target = await this.target(uri, id);
    if (!target) return;
    await this.run(target.review, target.document, (m) => discardHunk(m, target.id));
  }

  async acceptAll(uri?: string): Promise<void> {
    const target = await this.target(uri);
    if (!target) return;
    await this.run(target.review, target.document, acceptAll);
    this.tellAboutStale(target.review, 'accepted');
  }

  async rejectAll(uri?: string): Promise<void> {
    const target = await this.target(uri);
    if (!target) return;
    await this.run(target.review, target.document, rejectAll);
    this.tellAboutStale(target.review, 'rejected');
  }

  async openSideBySide(uri?: string): Promise<void> {
    const target = await this.target(uri);
    if (target) await this.views.sideBySide.show(target.review);
  }

  async nextCandidate(uri?: string): Promise<void> {
    const target = await this.target(uri);
    if (!target) return;
    const set = target.review.candidates;
    if (set.proposals.length < 2) {
      void vscode.window.showInformationMessage('SelfDebug: this proposal has no alternative candidates.');
      return;
    }
    const members = [...this.reviews.values()].filter((r) => r.candidates === set && !r.finished);
    if (members.some((r) => openHunks(r.model).some((h) => h.state === 'stale' && !h.conflict))) {
      const choice = await vscode.window.showWarningMessage(
        'You edited some changes of this candidate. Switching keeps those changes as they are now (both versions) and shows the next candidate.',
        { modal: true },
        'Switch',
      );
      if (choice !== 'Switch') return;
    }
    for (const review of members) {
      const document = await vscode.workspace.openTextDocument(review.uri);
      await this.closeReview(review, document);
    }
    await this.showCandidate(set, (target.review.candidateIndex + 1) % set.proposals.length);
  }

  // ---- showing proposals ----

  private async showCandidate(set: CandidateSet, index: number): Promise<void> {
    const proposal = set.proposals[index];
    const shown: { review: FileReview; document: vscode.TextDocument }[] = [];
    const notes: string[] = [];
    for (const [fileIndex, change] of proposal.changes.entries()) {
      const name = path.basename(change.path);
      try {
        const opened = await this.openFor(change, notes);
        if (!opened) continue;
        const { document } = opened;
        const existing = this.reviews.get(document.uri.toString());
        if (existing && !existing.finished && existing.candidates !== set && sameProposal(existing, proposal, fileIndex)) {
          // The same proposal again (a repeated command): show the review that is already open.
          shown.push({ review: existing, document });
          continue;
        }
        if (existing && !existing.finished && existing.candidates !== set) {
          const choice = await vscode.window.showWarningMessage(
            `${name} already has a SelfDebug review open ("${existing.proposal.title}"). Replace it with "${proposal.title}"? Its pending changes are rejected; changes you edited stay as they are.`,
            { modal: true },
            'Replace',
          );
          if (choice !== 'Replace') {
            notes.push(`${name}: kept the review that was already open.`);
            continue;
          }
        }
        if (existing && !existing.finished) await this.closeReview(existing, document);
        const model = createReview(document.getText(), opened.change, document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
        if (model.hunks.length === 0) {
          notes.push(`${name} already matches the proposal.`);
          continue;
        }
        const review = new FileReview(document.uri, set, index, fileIndex, model);
        this.track(review);
        if (!(await review.apply(document, model))) {
          this.untrack(review);
          notes.push(`${name} changed while the proposal was being shown; try again.`);
          continue;
        }
        const conflicts = model.hunks.filter((h) => h.conflict).length;
        if (conflicts > 0) notes.push(`${name}: ${conflicts} change${conflicts > 1 ? 's overlap' : ' overlaps'} edits you made after the proposal was computed (marked with a warning bar).`);
        shown.push({ review, document });
        this.afterChange(review);
      } catch (error) {
        this.logger.error(`Could not show the proposal for ${change.path}`, error);
        notes.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // Open every reviewed file, the first one last so it ends up in front.
    for (const { document } of [...shown].reverse()) {
      const editor = await vscode.window.showTextDocument(document, { preview: false, preserveFocus: false });
      const first = layoutHunks(this.reviewOf(document.uri)!.model, new LineIndex(document.getText()))[0];
      if (first) editor.revealRange(new vscode.Range(first.anchor, 0, first.span.end, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    const title = `"${proposal.title}"${set.proposals.length > 1 ? ` (candidate ${index + 1} of ${set.proposals.length})` : ''}`;
    if (shown.length === 0) {
      void vscode.window.showWarningMessage(`SelfDebug: nothing to review for ${title}. ${notes.join(' ')}`.trim());
    } else if (notes.length > 0) {
      void vscode.window.showInformationMessage(`SelfDebug: reviewing ${title}. ${notes.join(' ')}`);
    }
    this.logger.info(`Review of ${title}: ${shown.length} file(s) shown${notes.length ? `; ${notes.join(' ')}` : ''}`);
  }

  /** The document a change applies to, opened (a new file becomes an untitled document with that path). */
  private async openFor(change: FileChange, notes: string[]): Promise<{ document: vscode.TextDocument; change: FileChange } | undefined> {
    const name = path.basename(change.path);
    if (!path.isAbsolute(change.path)) throw new ReviewError(`the proposal names a relative path (${change.path})`);
    const fileUri = vscode.Uri.file(change.path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fileUri.toString() || d.uri.toString() === fileUri.with({ scheme: 'untitled' }).toString());
    if (change.before === null) {
      if (open || existsSync(change.path)) {
        notes.push(`${name} already exists, so the new file is shown as changes to it.`);
        return { document: open ?? (await vscode.workspace.openTextDocument(fileUri)), change };
      }
      // Untitled with the target path: nothing touches the disk until the user saves.
      return { document: await vscode.workspace.openTextDocument(fileUri.with({ scheme: 'untitled' })), change };
    }
    if (open) return { document: open, change };
    if (!existsSync(change.path)) {
      notes.push(`${name} no longer exists, so its change was skipped.`);
      return undefined;
    }
    return { document: await vscode.workspace.openTextDocument(fileUri), change };
  }

  // ---- running operations ----

  private async run(review: FileReview, document: vscode.TextDocument, op: (m: ReviewModel) => ReviewModel): Promise<void> {
    let next: ReviewModel;
    try {
      review.session.resyncWith(document.getText());
      next = op(review.model);
    } catch (error) {
      if (error instanceof ReviewError) {
        void vscode.window.showWarningMessage(`SelfDebug: ${error.message}`);
        return;
      }
      throw error;
    }
    const applied = await review.apply(document, next);
    if (!applied) void vscode.window.showWarningMessage('SelfDebug: the file changed while the change was being applied, so nothing was applied. Try again.');
    this.afterChange(review);
  }

  /** Ends a review leaving the user's text: pending changes rejected, edited ones kept as they are. */
  private async closeReview(review: FileReview, document: vscode.TextDocument): Promise<void> {
    this.replaced.add(review);
    const closed = openHunks(review.model).reduce((m, h) => (h.state === 'pending' ? rejectHunk(m, h.id) : discardHunk(m, h.id)), review.model);
    await review.apply(document, closed);
    this.untrack(review);
    const list = this.dormant.get(review.key) ?? [];
    list.unshift(review);
    this.dormant.set(review.key, list.slice(0, DORMANT_LIMIT));
  }

  private async target(uri?: string, id?: number): Promise<{ review: FileReview; document: vscode.TextDocument; id: number } | undefined> {
    const editor = vscode.window.activeTextEditor;
    const key = typeof uri === 'string' ? uri : uri !== undefined && uri !== null ? String(uri) : editor?.document.uri.toString();
    const review = key ? this.reviews.get(key) : undefined;
    if (!review || review.finished) {
      void vscode.window.showInformationMessage('SelfDebug: there is no open review in this editor.');
      return undefined;
    }
    const document = editor && editor.document.uri.toString() === review.key ? editor.document : await vscode.workspace.openTextDocument(review.uri);
    if (typeof id === 'number') return { review, document, id };
    const layouts = layoutHunks(review.model, new LineIndex(document.getText()));
    const line = editor && editor.document === document ? editor.selection.active.line : 0;
    const at = hunkAtLine(layouts, line);
    if (!at) return undefined;
    return { review, document, id: at.hunk.id };
  }

  private tellAboutStale(review: FileReview, verb: string): void {
    const left = openHunks(review.model).length;
    if (left > 0) {
      void vscode.window.showInformationMessage(
        `SelfDebug: ${verb} every pending change; ${left} change${left > 1 ? 's' : ''} you edited ${left > 1 ? 'are' : 'is'} left for you to decide (Accept as Edited, Reject or Keep Both above ${left > 1 ? 'them' : 'it'}).`,
      );
    }
  }

  // ---- editor events ----

  private onDocumentChanged(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const key = event.document.uri.toString();
    const review = this.reviews.get(key);
    if (!review) {
      if (event.reason !== undefined) this.revive(key, event.document);
      return;
    }
    const wasFinished = review.finished;
    const outcome = review.documentChanged(event);
    if (outcome === 'resynced') this.logger.warn(`Review of ${review.uri.fsPath}: re-synchronised with the document`);
    if (event.reason !== undefined && review.finished && outcome !== 'own' && this.revive(key, event.document)) return;
    if (wasFinished && !review.finished) this.logger.info(`Review of ${review.uri.fsPath} brought back by ${outcome === 'restored' ? 'undo/redo' : 'an edit'}`);
    this.afterChange(review);
  }

  /** Undo/redo landed on the text of a replaced review: make it current again. */
  private revive(key: string, document: vscode.TextDocument): boolean {
    const list = this.dormant.get(key) ?? [];
    const text = document.getText();
    for (const candidate of list) {
      if (candidate.session.restoreText(text) && !candidate.finished) {
        this.dormant.set(key, list.filter((r) => r !== candidate));
        const current = this.reviews.get(key);
        if (current) this.untrack(current);
        this.track(candidate);
        this.afterChange(candidate);
        return true;
      }
    }
    return false;
  }

  /** A document (re)opened: check it still shows its review; otherwise re-synchronise or drop it. */
  private reconcile(document: vscode.TextDocument): void {
    const review = this.reviews.get(document.uri.toString());
    if (!review) return;
    const text = document.getText();
    if (text === modelText(review.model)) {
      this.afterChange(review);
      return;
    }
    const name = path.basename(review.uri.path);
    const resynced = resync(review.model, text);
    const proposedLinesLeft = openHunks(resynced).some((h) => !h.addedEdited && h.added.length > 0);
    if (proposedLinesLeft) {
      review.session.resyncWith(text);
      this.afterChange(review);
      void vscode.window.showWarningMessage(`SelfDebug: ${name} changed outside the review; changes whose lines were touched are marked with a warning bar.`);
      return;
    }
    // None of the proposed lines are in the file any more (e.g. closed without saving): nothing half-applied remains.
    this.untrack(review);
    this.afterChange(review);
    void vscode.window.showInformationMessage(`SelfDebug: the review of ${name} was closed because the file changed while it was closed.`, 'Show Again').then((choice) => {
      if (choice === 'Show Again') void this.showCandidate(review.candidates, review.candidateIndex);
    });
  }

  /** Saving mid-review writes both versions; say so once per review rather than let it surprise. */
  private onWillSave(document: vscode.TextDocument): void {
    const review = this.reviews.get(document.uri.toString());
    if (!review || review.finished || this.warnedAboutSave.has(review)) return;
    this.warnedAboutSave.add(review);
    void vscode.window.showWarningMessage(
      `SelfDebug: ${path.basename(review.uri.path)} was saved while its review is open, so the file on disk holds both the current and the proposed lines until you accept or reject them.`,
    );
  }

  private readonly warnedAboutSave = new WeakSet<FileReview>();

  private onDocumentClosed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.dormant.delete(key);
    const review = this.reviews.get(key);
    // An open review waits for the document to come back (and survives reloads); a finished one is done.
    if (review?.finished) this.untrack(review);
  }

  private onRenamed(event: vscode.FileRenameEvent): void {
    for (const { oldUri, newUri } of event.files) {
      const review = this.reviews.get(oldUri.toString());
      if (!review) continue;
      this.untrack(review);
      review.uri = newUri;
      this.track(review);
      this.afterChange(review);
    }
  }

  private onDeleted(uri: vscode.Uri): void {
    const review = this.reviews.get(uri.toString());
    if (!review || review.finished) return;
    const name = path.basename(uri.path);
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === review.key && !d.isClosed)) {
      void vscode.window.showWarningMessage(
        `SelfDebug: ${name} was deleted on disk while it was being reviewed. The editor still has its text and the review stays open; save the file to keep it.`,
      );
      return;
    }
    this.untrack(review);
    this.afterChange(review);
    void vscode.window.showWarningMessage(`SelfDebug: ${name} was deleted, so its review was closed.`);
  }

  // ---- bookkeeping and views ----

  private track(review: FileReview): void {
    this.reviews.set(review.key, review);
    if (review.uri.scheme === 'file' && !this.watchers.has(review.key)) {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(path.dirname(review.uri.fsPath)), path.basename(review.uri.fsPath)),
        true,
        true,
        false,
      );
      watcher.onDidDelete((uri) => this.onDeleted(uri));
      this.watchers.set(review.key, watcher);
    }
  }

  private untrack(review: FileReview): void {
    if (this.reviews.get(review.key) === review) this.reviews.delete(review.key);
    this.watchers.get(review.key)?.dispose();
    this.watchers.delete(review.key);
  }

  private afterChange(review: FileReview): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === review.key) this.views.decorations.render(editor, this.live(review)?.model);
    }
    this.views.codeLenses.refresh();
    this.views.sideBySide.refresh(review);
    this.updateContext();
    this.store.schedule(() => this.snapshot());
    if (review.finished && this.reviews.get(review.key) === review) this.announceFinished(review);
  }

  private live(review: FileReview): FileReview | undefined {
    return this.reviews.get(review.key) === review && !review.finished ? review : undefined;
  }

  private readonly announced = new WeakMap<FileReview, number>();
  /** Reviews being closed to make room for another: their end is not news. */
  private readonly replaced = new WeakSet<FileReview>();

  private announceFinished(review: FileReview): void {
    if (this.announced.get(review) === review.revision || this.replaced.has(review)) return;
    this.announced.set(review, review.revision);
    const count = (state: string) => review.model.hunks.filter((h) => h.state === state).length;
    const parts = [`${count('accepted')} accepted`, `${count('rejected')} rejected`];
    if (count('discarded') > 0) parts.push(`${count('discarded')} kept as edited`);
    const name = path.basename(review.uri.path);
    vscode.window.setStatusBarMessage(`SelfDebug: review of ${name} done (${parts.join(', ')})`, 8_000);
    this.logger.info(`Review of ${review.uri.fsPath} done: ${parts.join(', ')}`);
    const others = [...this.reviews.values()].filter((r) => r.candidates === review.candidates && r !== review && !r.finished);
    if (others.length > 0) {
      const next = others[0];
      void vscode.window
        .showInformationMessage(`SelfDebug: ${others.length} more file${others.length > 1 ? 's' : ''} of "${review.proposal.title}" to review.`, `Open ${path.basename(next.uri.path)}`)
        .then((choice) => choice && vscode.window.showTextDocument(next.uri, { preview: false }));
    }
  }

  private renderAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const review = this.reviews.get(editor.document.uri.toString());
      this.views.decorations.render(editor, review && this.live(review)?.model);
    }
    this.updateContext();
  }

  private updateContext(): void {
    const editor = vscode.window.activeTextEditor;
    const review = editor && this.reviews.get(editor.document.uri.toString());
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, Boolean(review && !review.finished));
  }

  private snapshot(): StoredReview[] {
    return [...this.reviews.values()]
      .filter((r) => !r.finished)
      .map((r) => ({ uri: r.key, fileIndex: r.fileIndex, candidateIndex: r.candidateIndex, model: r.model, candidates: r.candidates }));
  }

  async flush(): Promise<void> {
    this.store.schedule(() => this.snapshot());
    await this.store.flush();
  }

  dispose(): void {
    for (const d of [...this.disposables, ...this.watchers.values()]) d.dispose();
  }
}

function sameProposal(review: FileReview, proposal: Proposal, fileIndex: number): boolean {
  const change = review.proposal.changes[review.fileIndex];
  const other = proposal.changes[fileIndex];
  return review.proposal.id === proposal.id && change.after === other.after && change.before === other.before;
}

/** Stored reviews of one proposal share one candidate set again after a reload. */
function groupCandidates(entries: StoredReview[]): (StoredReview & { candidates: CandidateSet })[] {
  const sets = new Map<string, CandidateSet>();
  return entries.map((entry) => {
    let set = sets.get(entry.candidates.id);
    if (!set) {
      set = { id: entry.candidates.id, proposals: entry.candidates.proposals };
      sets.set(set.id, set);
    }
    return { ...entry, candidates: set };
  });
}
