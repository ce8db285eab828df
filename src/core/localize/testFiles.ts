// Which workspace files are tests (or test support), by the naming conventions of pytest,
// unittest, vitest, jest, mocha and node --test. Test code is where failures are observed,
// not where the fault is looked for.
const TEST_DIR = /(^|\/)(tests?|__tests__|spec|specs|testing)\//;
const TEST_NAME = /(^|\/)(test_[^/]*\.py|[^/]*_test\.py|conftest\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?|test\.[cm]?[jt]sx?)$/;

export function isTestFile(file: string): boolean {
  const posix = file.replace(/\\/g, '/');
  return TEST_NAME.test(posix) || TEST_DIR.test(posix);
}
