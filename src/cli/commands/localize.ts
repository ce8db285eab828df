// `selfdebug localize <folder> --failure <file> --json` / `--query "text"`: ranked suspects.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stderrLogger } from '../../core/ports/console';
import { LocalizeInputError, localize } from '../../core/localize/localizer';
import type { Suspect } from '../../core/localize/types';
import { folderArgument, isFolder, parseCommandArgs, UsageError, type CliCommand } from '../command';

const usage = `Usage: selfdebug localize <folder> (--failure <file> | --query "text") [options]

Ranks the functions most likely at fault.
  --failure <file>        a test run's output, as the runner printed it (pytest, unittest,
                          vitest, jest, mocha, node --test)
  --query "text"          a bug report in words, instead of --failure
  --test-command "<cmd>"  how to run the project's tests, for the coverage run
                          (default: detected from the folder)
  --no-coverage           do not run the tests again to collect per-test coverage
  --limit N               suspects to print (default 20)
  --timeout S             timeout of the coverage run, in seconds (default 300)
  --json                  print {"suspects":[{"file","symbol","startLine","endLine","score","why"}]}
  --verbose               log progress to stderr`;

/** The CLI contract: exactly these keys, in this order. */
function toOutput(s: Suspect): Suspect {
  return { file: s.file, symbol: s.symbol, startLine: s.startLine, endLine: s.endLine, score: s.score, why: s.why };
}

export const localizeCommand: CliCommand = {
  name: 'localize',
  summary: 'Rank the functions most likely at fault for failing tests or a bug report',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        failure: { type: 'string' },
        query: { type: 'string' },
        'test-command': { type: 'string' },
        'no-coverage': { type: 'boolean', default: false },
        limit: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
      },
      usage,
    );
    const folder = folderArgument(positionals, io, usage);
    if (!isFolder(folder)) throw new UsageError(`folder not found: ${positionals[0]}`);
    if (!values.failure && !values.query) throw new UsageError(`give --failure <file> or --query "text"\n\n${usage}`);
    let failureOutput: string | undefined;
    if (values.failure) {
      const file = path.resolve(io.cwd, values.failure);
      // A pipe (`--failure <(pytest ...)`) is fine too; a folder is not.
      if (!existsSync(file) || statSync(file).isDirectory()) throw new UsageError(`failure file not found: ${values.failure}`);
      failureOutput = await readFile(file, 'utf8');
    }
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer, got ${values.limit}`);
    const timeout = values.timeout === undefined ? 300 : Number(values.timeout);
    if (!(timeout > 0)) throw new UsageError(`--timeout must be a positive number of seconds, got ${values.timeout}`);
    const logger = stderrLogger(values.verbose);
    let result;
    try {
      result = await localize({
        root: folder,
        failureOutput,
        query: values.query,
        coverage: values['no-coverage'] ? 'off' : 'auto',
        testCommand: values['test-command'],
        limit,
        timeoutMs: timeout * 1000,
        env: io.env,
        signal: io.signal,
        logger,
        progress: values.verbose ? { report: (m) => io.stderr(`[progress] ${m}\n`) } : undefined,
      });
    } catch (error) {
      if (error instanceof LocalizeInputError) throw new UsageError(error.message);
      throw error;
    }
    for (const note of result.notes) logger.info(`localize: ${note}`);
    if (values.json) {
      io.stdout(`${JSON.stringify({ suspects: result.suspects.map(toOutput) })}\n`);
    } else if (!result.suspects.length) {
      io.stdout('No suspects.\n');
    } else {
      result.suspects.forEach((s, i) => io.stdout(`${String(i + 1).padStart(2)}. ${s.file}:${s.startLine} ${s.symbol}  (${s.score.toFixed(3)})\n    ${s.why}\n`));
    }
    return 0;
  },
};
