// pytest (and unittest suites, which pytest runs): JUnit XML report plus SelfDebug's plugin.
import path from 'node:path';
import { resourcePath } from '../../resources';
import type { RunProcessResult } from '../../util/process';
import { sandboxPythonPath } from '../editableInstalls';
import { mapPath } from '../paths';
import { readPytestJunit } from '../reports/pytestJunit';
import { lastLines } from '../text';
import type { CollectionError } from '../types';
import type { AdapterContext, FrameworkAdapter, ReportContext } from './adapter';

export const pytestAdapter: FrameworkAdapter = {
  id: 'pytest',

  runner(ctx) {
    return { command: ctx.detection.python ?? 'python3', args: ['-m', 'pytest'] };
  },

  async options(ctx: AdapterContext) {
    const args = [
      '-p',
      'selfdebug_pytest',
      `--junitxml=${ctx.reportFile}`,
      '-o',
      'junit_family=xunit1',
      // Node ids relative to the folder (or its sandbox copy), wherever pytest's ini file is.
      `--rootdir=${ctx.runDir}`,
      // A broken test file should not hide the results of all the others.
      '--continue-on-collection-errors',
    ];
    // An editable install points at the user's folder; its sandbox copy must come first.
    const editable = ctx.sandboxed && ctx.detection.python ? await sandboxPythonPath(ctx.detection.python, ctx.folder, ctx.runDir) : [];
    const env: Record<string, string> = {
      PYTHONPATH: [resourcePath('testing', 'pytest'), ...editable, ctx.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
    };
    if (ctx.sandboxed) {
      // Nothing may be written back into the user's folder or virtualenv through a link.
      args.push('-p', 'no:cacheprovider');
      env.PYTHONDONTWRITEBYTECODE = '1';
    }
    args.push(ctx.color ? '--color=yes' : '--color=no');
    const targets = ctx.selection.testIds.length ? ctx.selection.testIds : ctx.selection.files;
    args.push(...targets);
    return { args, env };
  },

  async parse(report: string | undefined, run: RunProcessResult, ctx: ReportContext) {
    const parsed = report ? await readPytestJunit(report, ctx) : { tests: [], collectionErrors: [] };
    // Exit codes 2-4 (interrupted, internal error, usage error: a conftest that fails to import,
    // a file or node id that does not exist) come with pytest's reason on its output.
    if (run.exitCode !== null && run.exitCode >= 2 && run.exitCode <= 4 && parsed.collectionErrors.length === 0) {
      parsed.collectionErrors.push(pytestStopReason(run, ctx));
    }
    return parsed;
  },

  runnerMissing(run) {
    const match = /No module named '?pytest'?$/m.exec(run.output);
    return match ? `pytest is not installed for this Python (${match[0]})` : undefined;
  },
};

/** Why pytest stopped, in its words, with the workspace file it names ("ERROR: not found: tests/x.py::y"). */
function pytestStopReason(run: RunProcessResult, ctx: ReportContext): CollectionError {
  const lines = run.output.split('\n');
  const errorLines = lines.filter((line) => /^(ERROR|E   |ImportError|INTERNALERROR)/.test(line));
  const message = errorLines.length ? errorLines.slice(0, 40).join('\n') : lastLines(run.output);
  for (const match of message.matchAll(/([^\s'"():]+\.py)\b/g)) {
    const mapped = mapPath(match[1]!, ctx);
    if (mapped.inWorkspace) return { file: mapped.file, message };
  }
  return { message };
}
