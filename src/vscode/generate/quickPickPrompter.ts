// The engine's Prompter as a VS Code quick pick: one question, its options, Escape to skip.
import * as vscode from 'vscode';
import type { PickItem, Prompter } from '../../core/ports';

export const quickPickPrompter: Prompter = {
  async pick<T>(title: string, items: PickItem<T>[]): Promise<T | undefined> {
    const picked = await vscode.window.showQuickPick(
      items.map((item) => ({ label: item.label, ...(item.detail ? { detail: item.detail } : {}), value: item.value })),
      { title: `SelfDebug: ${title}`, placeHolder: title, ignoreFocusOut: true, matchOnDetail: true },
    );
    return picked?.value;
  },
};
