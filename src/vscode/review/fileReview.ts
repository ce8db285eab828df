// The review of one file bound to its VS Code document: applies review operations as
// WorkspaceEdits (one undo step each, never saving) and feeds every document change to the
// session, which tells the review's own edits, undo/redo and the user's typing apart.
import * as vscode from 'vscode';
import { LineIndex } from '../../core/review/lines';
import { modelText, openHunks, type ReviewModel, type TextEdit } from '../../core/review/model';
import { ReviewSession, type ChangeOutcome, type ChangeReason } from '../../core/review/session';
import type { Proposal } from '../../core/review/types';

/** The proposals a review came from, shared by the files of one proposal (for Next Candidate). */
export interface CandidateSet {
  readonly id: string;
  readonly proposals: Proposal[];
}

export class FileReview {
  readonly session: ReviewSession;
  /** Bumped on every model change, so views can tell when to refresh. */
  revision = 0;

  constructor(
    public uri: vscode.Uri,
    readonly candidates: CandidateSet,
    /** Which of the candidates this review shows. */
    readonly candidateIndex: number,
    /** Which file of the proposal this is ("file 2 of 3"). */
    readonly fileIndex: number,
    model: ReviewModel,
    options: { shown?: boolean } = {},
  ) {
    this.session = new ReviewSession(model, options);
  }

  get key(): string {
    return this.uri.toString();
  }

  get proposal(): Proposal {
    return this.candidates.proposals[this.candidateIndex];
  }

  get model(): ReviewModel {
    return this.session.model;
  }

  get finished(): boolean {
    return openHunks(this.model).length === 0;
  }

  /**
   * Moves the document to `next` with one WorkspaceEdit. Returns false when the editor refused
   * (the document changed in the meantime); the model is then unchanged.
   */
  async apply(document: vscode.TextDocument, next: ReviewModel): Promise<boolean> {
    // `next` was computed from the model; if the document had moved on, it would undo those changes.
    if (this.session.resyncWith(document.getText())) {
      this.revision++;
      return false;
    }
    if (modelText(next) === modelText(this.model)) {
      this.session.replace(next);
      this.revision++;
      return true;
    }
    const edits = this.session.begin(next);
    const index = new LineIndex(document.getText());
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(this.uri, toRange(index, e), e.text);
    let applied = false;
    try {
      applied = await vscode.workspace.applyEdit(edit);
    } finally {
      // The change event has run by now if the edit landed; whatever is left was not ours.
      const leftOver = this.session.busy;
      this.session.abandon();
      if (leftOver) this.session.resyncWith(document.getText());
      this.revision++;
    }
    return applied && modelText(this.model) === modelText(next);
  }

  /** A change of the document (from `onDidChangeTextDocument`). */
  documentChanged(event: vscode.TextDocumentChangeEvent): ChangeOutcome {
    const changes: TextEdit[] = event.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text }));
    const reason: ChangeReason =
      event.reason === vscode.TextDocumentChangeReason.Undo ? 'undo' : event.reason === vscode.TextDocumentChangeReason.Redo ? 'redo' : undefined;
    const outcome = this.session.documentChanged(changes, reason, event.document.getText());
    this.revision++;
    return outcome;
  }
}

function toRange(index: LineIndex, edit: TextEdit): vscode.Range {
  const start = index.positionAt(edit.offset);
  const end = index.positionAt(edit.offset + edit.length);
  return new vscode.Range(start.line, start.character, end.line, end.character);
}
