import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

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

/** node:util parseArgs with positionals allowed; a bad option becomes a UsageError with the usage. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
}

/** The one <folder> positional every command takes, resolved against the working directory. */
export function folderArgument(positionals: string[], io: Pick<CliIO, 'cwd'>, usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one folder, got ${positionals.length}\n\n${usage}`);
  return path.resolve(io.cwd, positionals[0]!);
}

export function isFolder(folder: string): boolean {
  return existsSync(folder) && statSync(folder).isDirectory();
}
