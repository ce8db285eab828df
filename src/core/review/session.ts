// Keeps a review model in step with the live document it is shown in. Every change of the
// document reaches `documentChanged`: the review's own edits (accept, reject...) are recognised by
// the text they must produce; undo and redo that land on a text seen before bring back the review
// state of that moment (so undoing an accept makes the hunk pending again); anything else is the
// user's typing, replayed on the model. If the model and the document ever disagree, the model is
// re-synchronised from a diff rather than trusted.
import { editsBetween } from './edits';
import { applyUserEdit, modelText, rejectHunk, type ReviewModel, type TextEdit } from './model';

export type ChangeReason = 'undo' | 'redo' | undefined;
export type ChangeOutcome = 'own' | 'restored' | 'user' | 'resynced';

const HISTORY_LIMIT = 100;

export class ReviewSession {
  private current: ReviewModel;
  /** Models after each change, newest last (the first is the document before the review, for undo). */
  private history: ReviewModel[];
  private own: { expected: string; next: ReviewModel } | undefined;

  /**
   * `shown`: the document already shows `model` (a review restored after a reload). Otherwise the
   * document still has the text from before the review, and `begin(model)` renders it.
   */
  constructor(model: ReviewModel, options: { shown?: boolean } = {}) {
    this.current = options.shown ? model : beforeReview(model);
    this.history = [this.current];
  }

  get model(): ReviewModel {
    return this.current;
  }

  /**
   * Prepares a review operation whose result is `next`; returns the edits to apply to the document
   * (offsets in its current text). The model switches to `next` when the document shows its text.
   */
  begin(next: ReviewModel): TextEdit[] {
    const expected = modelText(next);
    this.own = { expected, next };
    return editsBetween(modelText(this.current), expected);
  }

  /** The editor refused or failed to apply the edits of `begin`. */
  abandon(): void {
    this.own = undefined;
  }

  get busy(): boolean {
    return this.own !== undefined;
  }

  /**
   * The document changed: `changes` in the order the editor reports them (each relative to the
   * text left by the previous one), `documentText` the text now.
   */
  documentChanged(changes: readonly TextEdit[], reason: ChangeReason, documentText: string): ChangeOutcome {
    if (this.own && documentText === this.own.expected) {
      this.current = this.own.next;
      this.own = undefined;
      this.remember();
      return 'own';
    }
    if (reason) {
      const earlier = this.findByText(documentText);
      if (earlier) {
        this.current = earlier;
        this.remember();
        return 'restored';
      }
    }
    let model = this.current;
    try {
      for (const change of changes) model = applyUserEdit(model, change);
    } catch {
      model = this.current;
    }
    const outcome: ChangeOutcome = modelText(model) === documentText ? 'user' : 'resynced';
    this.current = outcome === 'user' ? model : resync(this.current, documentText);
    this.remember();
    return outcome;
  }

  /** Re-synchronises with a document whose text differs from the model's (the user changed it). */
  resyncWith(documentText: string): boolean {
    if (modelText(this.current) === documentText) return false;
    this.current = resync(this.current, documentText);
    this.remember();
    return true;
  }

  /** Makes the earlier state that showed `text` current (undo/redo back onto this review); false if none did. */
  restoreText(text: string): boolean {
    const earlier = this.findByText(text);
    if (!earlier) return false;
    this.current = earlier;
    this.remember();
    return true;
  }

  /** Replaces the model without a document change (hunks resolved with nothing to edit). */
  replace(model: ReviewModel): void {
    this.current = model;
    this.remember();
  }

  private remember(): void {
    this.history.push(this.current);
    if (this.history.length > HISTORY_LIMIT) this.history.splice(1, this.history.length - HISTORY_LIMIT);
  }

  private findByText(text: string): ReviewModel | undefined {
    for (let i = this.history.length - 1; i >= 0; i--) {
      const model = this.history[i];
      if (textLength(model) === text.length && modelText(model) === text) return model;
    }
    return undefined;
  }
}

/** Replays the difference between the model's text and `text` as user edits. */
export function resync(model: ReviewModel, text: string): ReviewModel {
  const edits = editsBetween(modelText(model), text);
  // From the end, so earlier offsets stay valid.
  return edits.reduceRight((m, edit) => applyUserEdit(m, edit), model);
}

function textLength(model: ReviewModel): number {
  return model.pieces.reduce((n, p) => n + p.text.length, 0);
}

/** The model of the document before the review was shown: every hunk closed, only the old lines. */
export function beforeReview(model: ReviewModel): ReviewModel {
  return model.hunks.reduce((m, h) => (h.state === 'pending' || h.state === 'stale' ? rejectHunk(m, h.id, { force: true }) : m), model);
}
