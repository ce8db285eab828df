// vitest: SelfDebug's reporter next to the default one (the terminal output stays as usual).
import { resourcePath } from '../../resources';
import { readJsReport } from '../reports/jsReport';
import { findNodePackage, majorVersion, nodeExecutable } from '../runners';
import { fullNamePattern } from '../testIds';
import type { FrameworkAdapter } from './adapter';

export const vitestAdapter: FrameworkAdapter = {
  id: 'vitest',

  runner(ctx) {
    const pkg = findNodePackage(ctx.folder, 'vitest');
    if (!pkg?.bin) return { missing: `vitest is not installed in ${ctx.folder} or its parents (run npm install)` };
    const node = nodeExecutable(ctx.env);
    return { command: node.command, args: [pkg.bin, 'run'], env: node.env };
  },

  options(ctx) {
    const args = ['--reporter=default', `--reporter=${resourcePath('testing', 'vitest-reporter.mjs')}`];
    const version = majorVersion(findNodePackage(ctx.folder, 'vitest')?.version);
    if (version === undefined || version >= 2) args.push('--includeTaskLocation');
    // A configured command such as "npx vitest" would otherwise start watch mode.
    if (ctx.config.testCommands.vitest) args.push('--run');
    const files = new Set([...ctx.selection.files, ...ctx.selection.testIds.map((id) => id.split('::')[0]!)]);
    args.push(...files);
    if (ctx.selection.testIds.length) args.push('-t', fullNamePattern(ctx.selection.testIds));
    return { args, env: { SELFDEBUG_REPORT_FILE: ctx.reportFile, FORCE_COLOR: ctx.color ? '1' : '0' } };
  },

  parse(report, _run, ctx) {
    return Promise.resolve(report ? readJsReport(report, ctx) : { tests: [], collectionErrors: [] });
  },
};
