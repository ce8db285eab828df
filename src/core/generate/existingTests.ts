// The user's own tests of a target: the tests in the project's test files that call it. They
// are shown to the model (they say what the function must do) and every candidate must pass
// them (a hard filter), checked with the project's runner on an isolated copy.
import type { RunRequest } from '../repair/types';
import { matchesRequestedId } from '../testing/testIds';
import type { TestRunResult } from '../testing/types';
import { mentions, readTestBlocks, type TestBlock } from './testBlocks';
import { testFilesMentioning, type SourceListing } from './testPlacement';
import type { CodeUnit, ExistingTest, ExistingTestVerdict } from './types';

export interface ExistingTests {
  /** Test files that hold them. */
  files: string[];
  tests: (ExistingTest & { id: string })[];
}

export async function findExistingTests(target: CodeUnit, listing: SourceListing): Promise<ExistingTests> {
  const files = await testFilesMentioning(target.file, target.name, target.language, listing);
  const tests: ExistingTests['tests'] = [];
  for (const file of files) {
    const text = await listing.read(file).catch(() => '');
    const blocks: TestBlock[] = await readTestBlocks(file, text).catch(() => []);
    for (const block of blocks) {
      if (mentions(block.code, target.name)) tests.push({ file, id: block.id, name: block.name, startLine: block.startLine, endLine: block.endLine, code: block.code });
    }
  }
  return { files: [...new Set(tests.map((t) => t.file))], tests };
}

/** The results of the target's tests in a run: matched by id, else by file and name. */
export function verdictOf(run: TestRunResult, existing: ExistingTests): ExistingTestVerdict {
  if (run.runnerError) return { passed: [], failed: existing.tests.map((t) => t.id), problem: run.runnerError };
  const passed: string[] = [];
  const failed: string[] = [];
  const problems: string[] = [];
  for (const test of existing.tests) {
    let results = run.tests.filter((r) => r.id === test.id || matchesRequestedId(r.id, test.id));
    if (!results.length) results = run.tests.filter((r) => r.file === test.file && (r.name === test.name || r.name.replace(/\[.*\]$/, '') === test.name));
    if (!results.length) {
      const collection = run.collectionErrors.find((e) => !e.file || e.file === test.file);
      failed.push(test.id);
      if (collection) problems.push(collection.message.split('\n')[0]!);
      continue;
    }
    if (results.every((r) => r.status === 'passed' || r.status === 'skipped')) passed.push(test.id);
    else failed.push(test.id);
  }
  return { passed, failed, ...(problems.length ? { problem: [...new Set(problems)].join('; ') } : {}) };
}

/** Runs the target's test files with `overlay` (a candidate) on an isolated copy. */
export async function runExistingTests(
  existing: ExistingTests,
  overlay: Record<string, string>,
  runTests: (request: RunRequest) => Promise<TestRunResult>,
  label: string,
  signal: AbortSignal,
): Promise<{ verdict: ExistingTestVerdict; run: TestRunResult }> {
  const run = await runTests({ files: existing.files, overlay, label, signal });
  return { verdict: verdictOf(run, existing), run };
}
