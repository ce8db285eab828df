// The engine's RunPresenter as VS Code tasks: each test run is a task (CustomExecution with a
// pseudoterminal) named after what runs, so the user watches it in the terminal panel; closing
// the terminal or terminating the task cancels the run.
import * as vscode from 'vscode';
import type { Logger, RunPresenter, RunView } from '../../core/ports';

export const TASK_TYPE = 'selfdebug';
export const TASK_SOURCE = 'SelfDebug';

/** Terminal text wants CRLF line ends. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** A pseudoterminal that keeps what is written before VS Code opens it. */
export class RunTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private opened = false;
  private pending: string[] = [];
  private exitCode: number | undefined;
  private closed = false;

  constructor(private readonly onUserClose: () => void) {}

  open(): void {
    this.opened = true;
    for (const text of this.pending) this.writeEmitter.fire(text);
    this.pending = [];
    if (this.exitCode !== undefined) this.finish();
  }

  /** The user closed the terminal or terminated the task. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onUserClose();
  }

  write(text: string): void {
    const converted = toTerminalText(text);
    if (this.opened) this.writeEmitter.fire(converted);
    else this.pending.push(converted);
  }

  end(exitCode: number): void {
    this.exitCode = exitCode;
    if (this.opened) this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeEmitter.fire(this.exitCode ?? 0);
  }
}

let taskCounter = 0;

export class TaskRunPresenter implements RunPresenter {
  constructor(private readonly logger: Logger) {}

  start(title: string): RunView {
    const controller = new AbortController();
    const terminal = new RunTerminal(() => controller.abort(new Error('Stopped from the terminal')));
    // A unique id: VS Code will not start a task that is identical to one still running.
    const definition = { type: TASK_TYPE, run: title, id: ++taskCounter };
    const task = new vscode.Task(definition, vscode.TaskScope.Workspace, title, TASK_SOURCE, new vscode.CustomExecution(async () => terminal));
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, focus: false, echo: false };
    task.group = vscode.TaskGroup.Test;
    task.isBackground = false;
    vscode.tasks.executeTask(task).then(undefined, (error: unknown) => this.logger.warn(`Could not show the test run "${title}" as a task: ${String(error)}`));
    return {
      write: (text) => terminal.write(text),
      end: (exitCode) => terminal.end(exitCode ?? 1),
      signal: controller.signal,
    };
  }
}
