// "Open Side-by-Side Diff": VS Code's diff editor between the file as it is without the review's
// proposed lines and the file with every open change accepted. Both sides are read-only virtual
// documents that follow the review as it changes.
import path from 'node:path';
import * as vscode from 'vscode';
import { currentSideText, proposedSideText } from '../../core/review/model';
import type { FileReview } from './fileReview';

export const SIDE_BY_SIDE_SCHEME = 'selfdebug-review';

type Side = 'current' | 'proposed';

export class SideBySideDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();

  constructor(private readonly reviewByKey: (key: string) => FileReview | undefined) {}

  uriFor(review: FileReview, side: Side): vscode.Uri {
    // The path keeps the file name so the virtual document gets the right language.
    const uri = vscode.Uri.from({ scheme: SIDE_BY_SIDE_SCHEME, path: review.uri.path, query: new URLSearchParams({ side, review: review.key }).toString() });
    this.open.add(uri.toString());
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const query = new URLSearchParams(uri.query);
    const review = this.reviewByKey(query.get('review') ?? '');
    if (!review) return '';
    return query.get('side') === 'proposed' ? proposedSideText(review.model) : currentSideText(review.model);
  }

  /** Tells open diff editors of this review to re-read their text. */
  refresh(review: FileReview): void {
    for (const key of this.open) {
      const uri = vscode.Uri.parse(key);
      if (new URLSearchParams(uri.query).get('review') === review.key) this.changed.fire(uri);
    }
  }

  async show(review: FileReview): Promise<void> {
    const name = path.basename(review.uri.path);
    await vscode.commands.executeCommand(
      'vscode.diff',
      this.uriFor(review, 'current'),
      this.uriFor(review, 'proposed'),
      `${name}: Current ↔ SelfDebug Proposal`,
      { preview: true },
    );
  }
}
