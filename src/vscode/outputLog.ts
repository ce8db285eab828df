// The "SelfDebug" output channel. Its language (selfdebug-log) has a TextMate grammar in
// syntaxes/ that colours levels, pass/fail lines, test ids, locations and diff lines.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';

export function createOutputLog(): { output: vscode.OutputChannel; logger: Logger } {
  const output = vscode.window.createOutputChannel('SelfDebug', 'selfdebug-log');
  const line = (level: string, message: string) => {
    const time = new Date().toISOString().slice(11, 23);
    output.appendLine(`${time} [${level}] ${message}`);
  };
  const logger: Logger = {
    debug: (m) => line('debug', m),
    info: (m) => line('info', m),
    warn: (m) => line('warn', m),
    error: (m, e) => line('error', e === undefined ? m : `${m}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  };
  return { output, logger };
}
