// node --test: the spec reporter on the terminal and SelfDebug's reporter into the report file.
import { resourcePath } from '../../resources';
import { readJsReport } from '../reports/jsReport';
import { nodeExecutable } from '../runners';
import { nodeTestNamePattern } from '../testIds';
import type { FrameworkAdapter } from './adapter';

export const nodeTestAdapter: FrameworkAdapter = {
  id: 'node-test',

  runner(ctx) {
    const node = nodeExecutable(ctx.env);
    return { command: node.command, args: ['--test'], env: node.env };
  },

  options(ctx) {
    const args = [
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${resourcePath('testing', 'node-test-reporter.mjs')}`,
      `--test-reporter-destination=${ctx.reportFile}`,
    ];
    for (const id of ctx.selection.testIds) args.push(`--test-name-pattern=${nodeTestNamePattern(id)}`);
    const files = [...new Set([...ctx.selection.files, ...ctx.selection.testIds.map((id) => id.split('::')[0]!)])];
    // Without a selection, the files the project's test script names (e.g. "tests/").
    args.push(...(files.length ? files : (ctx.detection.scriptArgs ?? [])));
    return { args, env: { FORCE_COLOR: ctx.color ? '1' : '0' } };
  },

  parse(report, _run, ctx) {
    return Promise.resolve(report ? readJsReport(report, ctx) : { tests: [], collectionErrors: [] });
  },
};
