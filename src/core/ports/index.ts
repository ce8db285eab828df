// The engine reaches the outside world (editor, terminal, user) only through these ports.
// src/vscode implements them with the VS Code API; the CLI and the tests implement them with
// plain Node (see src/core/ports/console.ts and test/support).
import type { Proposal } from '../review/types';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Progress of a long-running operation; `fraction` is the share of the whole done so far (0..1). */
export interface ProgressReporter {
  report(message: string, fraction?: number): void;
}

export interface PickItem<T> {
  label: string;
  detail?: string;
  value: T;
}

/** Asks the user something; `undefined` means the user skipped or dismissed the question. */
export interface Prompter {
  pick<T>(title: string, items: PickItem<T>[]): Promise<T | undefined>;
}

/** A place where a test run's human-readable output is mirrored live (a VS Code task terminal). */
export interface RunPresenter {
  start(title: string): RunView;
}

export interface RunView {
  write(text: string): void;
  end(exitCode: number | null): void;
  /** Aborted when the user stops the run from the view (closes the terminal, terminates the task). */
  signal?: AbortSignal;
}

/** Shows proposals (best first, alternatives after) for the user to accept or reject. */
export interface ReviewPort {
  present(proposals: Proposal[]): Promise<void>;
}

/** Everything a long-running engine operation may use. Only `logger` and `signal` are required. */
export interface Host {
  logger: Logger;
  signal: AbortSignal;
  progress?: ProgressReporter;
  prompter?: Prompter;
  runs?: RunPresenter;
  review?: ReviewPort;
}
