// The review's code lenses: at the top of the file the proposal's title and evidence with
// Accept All | Reject All | Side by Side (| Next Candidate); above each hunk Accept | Reject, or
// for a hunk the user edited, the choices that keep the user's edits.
import * as vscode from 'vscode';
import { layoutHunks } from '../../core/review/layout';
import { LineIndex } from '../../core/review/lines';
import { canAccept, canReject } from '../../core/review/model';
import type { FileReview } from './fileReview';

export const KEEP_BOTH_COMMAND = 'selfdebug.review.keepBoth';

export class ReviewCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly reviewOf: (uri: vscode.Uri) => FileReview | undefined) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const review = this.reviewOf(document.uri);
    if (!review || review.finished) return [];
    const { proposal, candidates } = review;
    const uri = document.uri.toString();
    const top = new vscode.Range(0, 0, 0, 0);
    const files = proposal.changes.length > 1 ? ` (file ${review.fileIndex + 1} of ${proposal.changes.length})` : '';
    const lenses = [
      new vscode.CodeLens(top, { title: `$(sparkle) SelfDebug: ${proposal.title}${files} — ${proposal.evidence.summary}`, command: '' }),
      new vscode.CodeLens(top, { title: 'Accept All', command: 'selfdebug.acceptAll', arguments: [uri], tooltip: 'Accept every pending change in this file' }),
      new vscode.CodeLens(top, { title: 'Reject All', command: 'selfdebug.rejectAll', arguments: [uri], tooltip: 'Reject every pending change in this file' }),
      new vscode.CodeLens(top, { title: 'Side by Side', command: 'selfdebug.openSideBySide', arguments: [uri], tooltip: 'Compare the current text and the proposal in the diff editor' }),
    ];
    if (candidates.proposals.length > 1) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: `Next Candidate (${review.candidateIndex + 1} of ${candidates.proposals.length})`,
          command: 'selfdebug.nextCandidate',
          arguments: [uri],
          tooltip: 'Show the next alternative proposal in place of this one',
        }),
      );
    }
    for (const layout of layoutHunks(review.model, new LineIndex(document.getText()))) {
      const { hunk } = layout;
      const at = new vscode.Range(layout.anchor, 0, layout.anchor, 0);
      const args = [uri, hunk.id];
      if (hunk.state === 'pending') {
        lenses.push(
          new vscode.CodeLens(at, { title: 'Accept', command: 'selfdebug.acceptHunk', arguments: args, tooltip: 'Keep the proposed lines (Ctrl+Alt+Y)' }),
          new vscode.CodeLens(at, { title: 'Reject', command: 'selfdebug.rejectHunk', arguments: args, tooltip: 'Keep the current lines (Ctrl+Alt+N)' }),
        );
        continue;
      }
      const why = hunk.conflict ? '$(warning) Conflicts with your edits' : '$(warning) Edited during review';
      lenses.push(new vscode.CodeLens(at, { title: why, command: '' }));
      lenses.push(
        new vscode.CodeLens(at, {
          title: canAccept(hunk) ? 'Accept as Edited' : 'Accept Anyway…',
          command: 'selfdebug.acceptHunk',
          arguments: args,
          tooltip: canAccept(hunk) ? 'Keep the proposed lines as you edited them' : 'Replace your edited lines with the proposed ones (asks first)',
        }),
        new vscode.CodeLens(at, {
          title: canReject(hunk) ? 'Reject' : 'Reject Anyway…',
          command: 'selfdebug.rejectHunk',
          arguments: args,
          tooltip: canReject(hunk) ? 'Delete the proposed lines, keep yours' : 'Delete the proposed lines you edited (asks first)',
        }),
        new vscode.CodeLens(at, { title: 'Keep Both', command: KEEP_BOTH_COMMAND, arguments: args, tooltip: 'Stop reviewing this change and leave both versions as they are' }),
      );
    }
    return lenses;
  }
}
