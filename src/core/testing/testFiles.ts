// Which workspace files are tests, by the naming conventions of pytest, unittest, vitest, jest,
// mocha and node --test: `isTestFile` for "test code or test support" (where failures are
// observed, not where faults are looked for), `runnerTestFiles` for the files a given runner
// would collect by default (what the Test Explorer lists before the first run).
import { listSourceFiles, type WalkOptions } from '../index/walker';
import type { FrameworkId } from './types';

const TEST_DIR = /(^|\/)(tests?|__tests__|spec|specs|testing)\//;
const TEST_NAME = /(^|\/)(test_[^/]*\.py|[^/]*_test\.py|conftest\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?|test\.[cm]?[jt]sx?)$/;

export function isTestFile(file: string): boolean {
  const posix = file.replace(/\\/g, '/');
  return TEST_NAME.test(posix) || TEST_DIR.test(posix);
}

// The runners' default collection rules (pytest `python_files`, vitest `include`, jest
// `testMatch`, mocha's `./test` folder, node --test's patterns), simplified to one test each.
const JS = String.raw`\.[cm]?js$`;
const collects: Record<FrameworkId, (file: string) => boolean> = {
  pytest: (f) => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(f),
  vitest: (f) => /(^|\/)[^/]*\.(test|spec)\.[cm]?[jt]sx?$/.test(f),
  jest: (f) => /(^|\/)[^/]*\.(test|spec)\.[jt]sx?$/.test(f) || /(^|\/)__tests__\/.*\.[jt]sx?$/.test(f),
  mocha: (f) => new RegExp(`^test/[^/]*${JS}`).test(f) || new RegExp(`(^|/)[^/]*\\.(test|spec)${JS}`).test(f),
  'node-test': (f) =>
    new RegExp(`(^|/)([^/]*[.\\-_]test|test-[^/]*|test)${JS}`).test(f) || new RegExp(`(^|/)test/.*${JS}`).test(f),
};

/** Whether the framework collects the file (a path relative to the project, '/'-separated) by default. */
export function collectedBy(framework: FrameworkId, file: string): boolean {
  const posix = file.replace(/\\/g, '/');
  if (/(^|\/)(node_modules|\.venv|venv|__pycache__)\//.test(posix)) return false;
  return collects[framework](posix);
}

/**
 * The test files the framework would collect in a folder (relative paths, sorted), honouring
 * .gitignore and the exclude globs like the index does; at most `limit` of them.
 */
export async function runnerTestFiles(folder: string, framework: FrameworkId, options: WalkOptions & { limit?: number } = {}): Promise<string[]> {
  const { files } = await listSourceFiles(folder, options);
  return files
    .map((f) => f.path)
    .filter((f) => collectedBy(framework, f))
    .sort()
    .slice(0, options.limit ?? 5000);
}
