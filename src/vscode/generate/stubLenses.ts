// "Generate implementation" above every stub function (body `pass`, `...`, `raise
// NotImplementedError`, `throw new Error("not implemented")`, empty), found with tree-sitter.
import * as vscode from 'vscode';
import { findStubs } from '../../core/generate/codeUnits';
import type { GenerateTargetRef } from '../../core/generate/types';
import { languageOf } from '../../core/index/languages';
import type { Logger } from '../../core/ports';
import { isTestFile } from '../../core/testing/testFiles';
import { folderOf, relativeInFolder } from '../workspaceText';

export const STUB_LENS_SELECTOR: vscode.DocumentSelector = [
  { language: 'python', scheme: 'file' },
  { language: 'javascript', scheme: 'file' },
  { language: 'typescript', scheme: 'file' },
  { language: 'typescriptreact', scheme: 'file' },
];

/** Files larger than this get no lenses (parsing them on every edit is not worth it). */
const MAX_CHARS = 1_000_000;

export class StubLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly logger: Logger) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const folder = folderOf(document.uri);
    if (!folder || document.getText().length > MAX_CHARS) return [];
    const relative = relativeInFolder(folder, document.uri.fsPath);
    // In test code an empty body is a placeholder test or fixture, not something to implement.
    if (!relative || !languageOf(relative) || isTestFile(relative)) return [];
    let stubs;
    try {
      stubs = await findStubs(relative, document.getText());
    } catch (error) {
      this.logger.debug(`Stub lenses: cannot parse ${relative}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
    if (token.isCancellationRequested) return [];
    return stubs.map((stub) => {
      const ref: GenerateTargetRef = { folder, file: relative, qualifiedName: stub.qualifiedName, line: stub.startLine };
      // The lens sits on the `def`/`function` line, below decorators and JSDoc.
      const defLine = Math.min(document.lineCount - 1, Math.max(0, firstSignatureLine(document, stub.startLine - 1, stub.bodyStartLine - 1, stub.name)));
      return new vscode.CodeLens(new vscode.Range(defLine, 0, defLine, 0), {
        title: '$(sparkle) Generate implementation',
        tooltip: `SelfDebug: implement ${stub.qualifiedName} with candidates checked by generated tests`,
        command: 'selfdebug.generateImplementation',
        arguments: [ref],
      });
    });
  }
}

function firstSignatureLine(document: vscode.TextDocument, from: number, to: number, name: string): number {
  for (let line = from; line <= to && line < document.lineCount; line++) {
    if (new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`).test(document.lineAt(line).text)) return line;
  }
  return from;
}
