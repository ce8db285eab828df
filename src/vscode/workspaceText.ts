// The text the engine should see: what is in the editor (unsaved edits included), else the disk.
import path from 'node:path';
import * as vscode from 'vscode';

function openDocument(file: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
}

export async function readWorkspaceText(folder: string, relative: string): Promise<string | undefined> {
  const file = path.join(folder, relative);
  const open = openDocument(file);
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
  } catch {
    return undefined;
  }
}

/** A file's path inside the folder ('/'-separated), or undefined when it is not inside. */
export function relativeInFolder(folder: string, file: string): string | undefined {
  const relative = path.relative(folder, file);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** Unsaved editor buffers inside the folder (relative path → text), so runs see what the user sees. */
export function unsavedBuffers(folder: string): Record<string, string> {
  const overlay: Record<string, string> = {};
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty || document.uri.scheme !== 'file') continue;
    const relative = relativeInFolder(folder, document.uri.fsPath);
    if (relative) overlay[relative] = document.getText();
  }
  return overlay;
}

/** The workspace folder of a file, or the only/first folder. */
export function folderOf(uri?: vscode.Uri): string | undefined {
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath;
}
