// mocha: SelfDebug's reporter (spec output on the terminal plus a JSON report), and a --require
// hook that keeps only the selected files (mocha always adds the config's `spec` files).
import path from 'node:path';
import { resourcePath } from '../../resources';
import { readJsReport } from '../reports/jsReport';
import { findNodePackage, nodeExecutable } from '../runners';
import { fullNamePattern } from '../testIds';
import { mapPath } from '../paths';
import { lastLines } from '../text';
import type { CollectionError } from '../types';
import type { FrameworkAdapter, ReportContext } from './adapter';

export const mochaAdapter: FrameworkAdapter = {
  id: 'mocha',

  runner(ctx) {
    const pkg = findNodePackage(ctx.folder, 'mocha');
    if (!pkg?.bin) return { missing: `mocha is not installed in ${ctx.folder} or its parents (run npm install)` };
    const node = nodeExecutable(ctx.env);
    return { command: node.command, args: [pkg.bin], env: node.env };
  },

  options(ctx) {
    const args = ['--reporter', resourcePath('testing', 'mocha-reporter.cjs'), ctx.color ? '--color' : '--no-color'];
    const env: Record<string, string> = { SELFDEBUG_REPORT_FILE: ctx.reportFile };
    const files = [...new Set([...ctx.selection.files, ...ctx.selection.testIds.map((id) => id.split('::')[0]!)])];
    if (files.length) {
      args.push('--require', resourcePath('testing', 'mocha-select.cjs'), ...files);
      env.SELFDEBUG_MOCHA_FILES = JSON.stringify(files.map((file) => path.join(ctx.runDir, file)));
    }
    if (ctx.selection.testIds.length) args.push('--grep', fullNamePattern(ctx.selection.testIds));
    return { args, env };
  },

  async parse(report, run, ctx) {
    if (report) return readJsReport(report, ctx);
    // mocha stops at the first test file that does not load, before any reporter event.
    const error = loadFailure(run.output, ctx);
    return { tests: [], collectionErrors: error ? [error] : [] };
  },
};

/** "Exception during run: …" with the test file it names (the first workspace file in the text). */
export function loadFailure(output: string, ctx: ReportContext): CollectionError | undefined {
  const start = output.indexOf('Exception during run:');
  if (start === -1) return undefined;
  const text = output.slice(start + 'Exception during run:'.length).trim();
  for (const match of text.matchAll(/(\/[^\s:()'"]+\.[cm]?[jt]sx?)(?::(\d+))?/g)) {
    const mapped = mapPath(match[1]!, ctx);
    if (mapped.inWorkspace) return { file: mapped.file, line: match[2] ? Number(match[2]) : undefined, message: lastLines(text, 40) };
  }
  return { message: lastLines(text, 40) };
}
