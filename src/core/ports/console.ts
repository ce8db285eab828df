import type { Logger, ProgressReporter } from './index';

/** A logger for the CLI: everything goes to stderr so stdout stays machine-readable. */
export function stderrLogger(verbose = false): Logger {
  const write = (level: string, message: string) => process.stderr.write(`[${level}] ${message}\n`);
  return {
    debug: (m) => verbose && write('debug', m),
    info: (m) => verbose && write('info', m),
    warn: (m) => write('warn', m),
    error: (m, e) => write('error', e === undefined ? m : `${m}: ${e instanceof Error ? e.message : String(e)}`),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export const silentProgress: ProgressReporter = { report() {} };
