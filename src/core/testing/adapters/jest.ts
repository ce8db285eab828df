// jest: its own JSON report (`--json --outputFile`), with test locations.
import { readJestReport } from '../reports/jestJson';
import { findNodePackage, nodeExecutable } from '../runners';
import { fullNamePattern } from '../testIds';
import type { FrameworkAdapter } from './adapter';

export const jestAdapter: FrameworkAdapter = {
  id: 'jest',

  runner(ctx) {
    const pkg = findNodePackage(ctx.folder, 'jest');
    if (!pkg?.bin) return { missing: `jest is not installed in ${ctx.folder} or its parents (run npm install)` };
    const node = nodeExecutable(ctx.env);
    return { command: node.command, args: [pkg.bin], env: node.env };
  },

  options(ctx) {
    const args = ['--json', `--outputFile=${ctx.reportFile}`, '--testLocationInResults'];
    // --ci: a candidate must not pass by writing new snapshots.
    if (ctx.sandboxed) args.push('--ci');
    if (ctx.color) args.push('--colors');
    const files = new Set([...ctx.selection.files, ...ctx.selection.testIds.map((id) => id.split('::')[0]!)]);
    // Paths, not the regular expressions jest's positional arguments are.
    if (files.size) args.push('--runTestsByPath', ...files);
    if (ctx.selection.testIds.length) args.push('-t', fullNamePattern(ctx.selection.testIds));
    return { args, env: {} };
  },

  parse(report, _run, ctx) {
    return Promise.resolve(report ? readJestReport(report, ctx) : { tests: [], collectionErrors: [] });
  },
};
