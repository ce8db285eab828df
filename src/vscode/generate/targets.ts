// What a generate command is about: the code lens's target, else the function at the cursor or
// in the selection of the active editor.
import path from 'node:path';
import * as vscode from 'vscode';
import type { TargetQuery } from '../../core/generate/target';
import type { GenerateTargetRef } from '../../core/generate/types';
import { languageOf } from '../../core/index/languages';
import { folderOf, relativeInFolder } from '../workspaceText';

export interface CommandTarget {
  folder: string;
  query: TargetQuery;
  /** For titles: the name, or "the function at line N". */
  label: string;
}

function isRef(value: unknown): value is GenerateTargetRef {
  const v = value as GenerateTargetRef;
  return typeof value === 'object' && value !== null && typeof v.folder === 'string' && typeof v.file === 'string' && typeof v.qualifiedName === 'string';
}

/** The target, or undefined after telling the user why there is none. */
export function resolveCommandTarget(arg: unknown, what: string): CommandTarget | undefined {
  if (isRef(arg)) {
    return { folder: path.resolve(arg.folder), query: { file: arg.file, qualifiedName: arg.qualifiedName, ...(arg.line !== undefined ? { line: arg.line } : {}) }, label: arg.qualifiedName };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage(`SelfDebug: open a Python, JavaScript or TypeScript file and put the cursor in the ${what}.`);
    return undefined;
  }
  const folder = folderOf(editor.document.uri);
  const relative = folder ? relativeInFolder(folder, editor.document.uri.fsPath) : undefined;
  if (!folder || !relative) {
    void vscode.window.showWarningMessage('SelfDebug: the file is not in an open workspace folder.');
    return undefined;
  }
  if (!languageOf(relative)) {
    void vscode.window.showWarningMessage(`SelfDebug: ${path.basename(relative)} is not a Python, JavaScript or TypeScript file.`);
    return undefined;
  }
  const selection = editor.selection;
  const line = selection.start.line + 1;
  const endLine = selection.isEmpty ? undefined : selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
  return {
    folder,
    query: { file: relative, line, ...(endLine !== undefined && endLine > line ? { endLine } : {}) },
    label: `the ${what} at ${path.basename(relative)}:${line}`,
  };
}
