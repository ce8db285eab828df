import type { Logger } from '../ports';

export interface CollectOptions {
  /** Absolute workspace folder; the tests run there. */
  root: string;
  /** The user's test command line (shell syntax); the collector appends its own options. */
  command?: string;
  /** Python executable for pytest when no command is given. */
  python?: string;
  timeoutMs: number;
  signal: AbortSignal;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Live output of the coverage run. */
  onOutput?: (chunk: string) => void;
}

/** Coverage could not be collected; the localizer carries on without it. */
export class CoverageError extends Error {}

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function excerptOf(output: string, max = 1500): string {
  const trimmed = output.trim();
  return trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed;
}

/**
 * The command with extra runner arguments appended. Package-manager scripts (`npm test`,
 * `pnpm run test`, `yarn test`) need a `--` first, or npm takes the options as its own.
 */
export function withRunnerArgs(command: string, args: string): string {
  const script = /^\s*(npm|pnpm|yarn|bun)\s+(run\s+\S+|test|t)\b/.test(command);
  return script && !/\s--(\s|$)/.test(command) ? `${command} -- ${args}` : `${command} ${args}`;
}

/** Throws the CoverageError for a run that was cancelled, timed out or did not start. */
export function assertRunFinished(run: { cancelled: boolean; timedOut: boolean; spawnError?: Error }, command: string, timeoutMs: number): void {
  if (run.cancelled) throw new CoverageError('Coverage run cancelled');
  if (run.timedOut) throw new CoverageError(`Coverage run timed out after ${Math.round(timeoutMs / 1000)} s: ${command}`);
  if (run.spawnError) throw new CoverageError(`Could not start ${command}: ${run.spawnError.message}`);
}
