// Paints a review in an editor with the theme's diff colours: old lines red, proposed lines
// green, whole lines, like the inline diff editor. Hunks the user edited get a warning bar in
// the gutter side so they stand out from the ones that can be accepted blindly.
import * as vscode from 'vscode';
import { layoutHunks, type HunkLayout, type LineRange } from '../../core/review/layout';
import { LineIndex } from '../../core/review/lines';
import type { ReviewModel } from '../../core/review/model';

const staleBorder = {
  borderWidth: '0 0 0 3px',
  borderStyle: 'solid',
  borderColor: new vscode.ThemeColor('editorWarning.foreground'),
} satisfies vscode.DecorationRenderOptions;

export class ReviewDecorations implements vscode.Disposable {
  private readonly removed = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly added = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly removedStale = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    ...staleBorder,
  });
  private readonly addedStale = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    ...staleBorder,
  });

  /** Paints `model` in `editor`, or clears it when there is no review. */
  render(editor: vscode.TextEditor, model: ReviewModel | undefined): void {
    const layouts = model ? layoutHunks(model, new LineIndex(editor.document.getText())) : [];
    const pick = (stale: boolean, side: 'removed' | 'added') =>
      layouts
        .filter((l) => (l.hunk.state === 'stale') === stale && l[side])
        .map((l) => ({ range: toRange(l[side]!), hoverMessage: hover(l, side) }));
    editor.setDecorations(this.removed, pick(false, 'removed'));
    editor.setDecorations(this.added, pick(false, 'added'));
    editor.setDecorations(this.removedStale, pick(true, 'removed'));
    editor.setDecorations(this.addedStale, pick(true, 'added'));
  }

  dispose(): void {
    for (const type of [this.removed, this.added, this.removedStale, this.addedStale]) type.dispose();
  }
}

function toRange(lines: LineRange): vscode.Range {
  return new vscode.Range(lines.start, 0, lines.end - 1, 0);
}

function hover(layout: HunkLayout, side: 'removed' | 'added'): vscode.MarkdownString {
  const { hunk } = layout;
  const lines =
    side === 'removed'
      ? 'SelfDebug: **current lines**. Accepting the change deletes them; rejecting keeps them.'
      : 'SelfDebug: **proposed lines**. Accepting the change keeps them; rejecting deletes them.';
  const notes: string[] = [];
  if (hunk.conflict) notes.push('You changed these lines after the proposal was made, so it cannot be applied blindly.');
  else if (hunk.state === 'stale') notes.push('You edited this change while reviewing it; only what keeps your edits can be done without asking.');
  return new vscode.MarkdownString([lines, ...notes].join('\n\n'));
}
