// The "SelfDebug Suspects" tree view (view id selfdebug.suspects, in the Testing container): the
// latest ranked suspects with their reasons; clicking one opens it. The view shows itself through
// the selfdebug.hasSuspects context key.
import path from 'node:path';
import * as vscode from 'vscode';
import type { RankedSuspect } from '../../core/localize/types';

export const OPEN_SUSPECT_COMMAND = 'selfdebug.openSuspect';

export function suspectLocation(folder: string, suspect: Pick<RankedSuspect, 'file' | 'startLine' | 'endLine'>): vscode.Location {
  const uri = vscode.Uri.file(path.join(folder, suspect.file));
  return new vscode.Location(uri, new vscode.Range(suspect.startLine - 1, 0, suspect.endLine - 1, 0));
}

export async function openSuspect(folder: string, suspect: Pick<RankedSuspect, 'file' | 'startLine' | 'endLine'>): Promise<void> {
  const location = suspectLocation(folder, suspect);
  const editor = await vscode.window.showTextDocument(location.uri, { preview: true });
  const start = new vscode.Position(suspect.startLine - 1, 0);
  editor.selection = new vscode.Selection(start, start);
  editor.revealRange(location.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

type Node = { kind: 'suspect'; suspect: RankedSuspect; rank: number } | { kind: 'reason'; text: string };

export class SuspectsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private folder = '';
  private suspects: RankedSuspect[] = [];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;

  constructor() {
    this.view = vscode.window.createTreeView('selfdebug.suspects', { treeDataProvider: this, showCollapseAll: true });
  }

  show(folder: string, suspects: RankedSuspect[], title: string): void {
    this.folder = folder;
    this.suspects = suspects;
    this.view.message = suspects.length ? title : `${title}: no suspects`;
    void vscode.commands.executeCommand('setContext', 'selfdebug.hasSuspects', suspects.length > 0);
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.suspects.map((suspect, i) => ({ kind: 'suspect', suspect, rank: i + 1 }));
    if (node.kind === 'suspect') return node.suspect.why.split('; ').map((text) => ({ kind: 'reason', text }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'reason') {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
    const { suspect, rank } = node;
    const item = new vscode.TreeItem(`${rank}. ${suspect.symbol}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = `${suspect.file}:${suspect.startLine} · ${suspect.score.toFixed(3)}`;
    item.tooltip = new vscode.MarkdownString(`**${suspect.symbol}** (${suspect.file}:${suspect.startLine}-${suspect.endLine})\n\n${suspect.why}`);
    item.iconPath = new vscode.ThemeIcon(rank === 1 ? 'debug-breakpoint-function' : 'symbol-method');
    item.resourceUri = vscode.Uri.file(path.join(this.folder, suspect.file));
    item.command = { command: OPEN_SUSPECT_COMMAND, title: 'Open', arguments: [this.folder, suspect] };
    return item;
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}
