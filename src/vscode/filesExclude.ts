// The folders and files SelfDebug leaves out when it walks a workspace folder: VS Code's
// `files.exclude` for that folder plus the folders no index wants (node_modules, virtualenvs...).
import * as vscode from 'vscode';
import { defaultExcludes } from '../core/index/walker';

export function filesExclude(scope: vscode.Uri): string[] {
  const configured = vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude') ?? {};
  // `when` clauses (an object instead of true) depend on sibling files; they are not excluded here.
  const globs = Object.entries(configured)
    .filter(([, value]) => value === true)
    .map(([glob]) => glob);
  return [...new Set([...defaultExcludes, ...globs])];
}
