/** One `selfdebug <name>` sub-command. `run` returns the process exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Output streams, injectable so tests can run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal: AbortSignal;
}

/** A usage or input problem: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
