// `selfdebug index <folder> --json`: builds the workspace index the extension uses and prints
// its size. Exit 0 on success, 1 when the folder cannot be indexed, 2 for bad usage.
import { existsSync, statSync } from 'node:fs';
import { stderrLogger } from '../../core/ports/console';
import type { IndexStats } from '../../core/index/types';
import { defaultExcludes } from '../../core/index/walker';
import { WorkspaceIndex } from '../../core/index/workspaceIndex';
import { folderArgument, parseCommandArgs, UsageError, type CliCommand } from '../command';

const usage = `Usage: selfdebug index <folder> [--json] [--exclude <glob>]... [--no-default-excludes]

Parses the folder's Python, JavaScript, TypeScript and TSX files with tree-sitter and builds the
code graph and search index SelfDebug localizes faults with. Honours .gitignore files.

Options:
  --json                  Print {"files","symbols","edges","parseErrors","ms","languages"} as one JSON object.
  --exclude <glob>        Leave out matching paths (repeatable), e.g. '**/generated/**'.
  --no-default-excludes   Do not leave out ${defaultExcludes.join(', ')}.
  --threads <n>           Parse worker threads (0 parses in the main thread). Default: CPU cores, at most 4.
  --verbose               Log progress on stderr.

Exit code: 0 when indexed, 1 when the folder cannot be indexed, 2 for bad usage.`;

/** The JSON the CLI contract fixes, in this key order, and nothing else. */
export function toIndexJson(stats: IndexStats): Record<string, unknown> {
  return { files: stats.files, symbols: stats.symbols, edges: stats.edges, parseErrors: stats.parseErrors, ms: stats.ms, languages: stats.languages };
}

export const indexCommand: CliCommand = {
  name: 'index',
  summary: 'Index a folder (symbols, code graph, search) and print its size',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        json: { type: 'boolean', default: false },
        exclude: { type: 'string', multiple: true, default: [] },
        'no-default-excludes': { type: 'boolean', default: false },
        threads: { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
      usage,
    );
    const threads = values.threads === undefined ? undefined : Number(values.threads);
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0 && threads <= 64)) {
      throw new UsageError(`--threads must be a whole number from 0 to 64, got '${values.threads}'`);
    }
    const folder = folderArgument(positionals, io, usage);
    if (!existsSync(folder)) {
      io.stderr(`selfdebug index: folder not found: ${folder}\n`);
      return 1;
    }
    if (!statSync(folder).isDirectory()) {
      io.stderr(`selfdebug index: not a folder: ${folder}\n`);
      return 1;
    }
    const logger = stderrLogger(values.verbose);
    const index = await WorkspaceIndex.build(folder, {
      signal: io.signal,
      logger,
      exclude: [...(values['no-default-excludes'] ? [] : defaultExcludes), ...values.exclude],
      ...(threads !== undefined ? { threads } : {}),
      onProgress: values.verbose ? progressLogger(logger.info) : undefined,
    });
    try {
      const stats = index.stats();
      if (values.json) {
        io.stdout(`${JSON.stringify(toIndexJson(stats))}\n`);
      } else {
        const languages = Object.entries(stats.languages).map(([id, n]) => `${id} ${n}`).join(', ');
        io.stdout(
          `${stats.files} files (${languages || 'none'}), ${stats.symbols} symbols, ${stats.edges} edges, ${stats.parseErrors} parse errors, ` +
            `${stats.skipped ?? 0} skipped, in ${(stats.ms / 1000).toFixed(1)} s\n`,
        );
      }
      return 0;
    } finally {
      await index.dispose();
    }
  },
};

/** Logs every 10% of the files parsed. */
function progressLogger(log: (message: string) => void): (done: number, total: number) => void {
  let lastDecile = -1;
  return (done, total) => {
    const decile = total ? Math.floor((done * 10) / total) : 10;
    if (decile === lastDecile) return;
    lastDecile = decile;
    log(`Index: parsed ${done}/${total} files`);
  };
}
