// Shared specification of a framework adapter, run against the real runner on the fixture
// projects in test/fixtures/<framework>[-broken|-hang|-flood].
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTests } from '../../../../src/core/testing/runTests';
import type { FrameworkId } from '../../../../src/core/testing/types';

export const fixtures = path.resolve(__dirname, '../../../fixtures');

export interface FrameworkSpec {
  framework: FrameworkId;
  counts: { passed: number; failed: number; skipped: number; errors: number };
  /** The test that fails on expected/actual (6 vs 2) and its line. */
  quantityTest: { id: string; line: number };
  /** The test that throws inside the code under test, and that code's file. */
  typeErrorTest: { id: string; codeFile: string };
  /** A passing test, to run alone. */
  passingTest: string;
  /** A test file of the main fixture. */
  file: { path: string };
  /** Fixes the quantity bug: file and the text transform; failures left in the quantity test's file. */
  fix: { file: string; from: string; to: string; failingAfter: number };
  /** What the broken fixture must report. */
  broken: { collectionFiles: string[]; passed: number; words: RegExp };
}

/** Processes still alive that carry `marker` in their environment (Linux /proc). */
function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) found.push(Number(entry));
    } catch {
      // gone or not ours
    }
  }
  return found;
}

/** A fingerprint of a folder's files (path, size, mtime), ignoring what runs may cache. */
function fingerprint(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((name) => {
    const childRel = path.join(rel, name);
    const stat = statSync(path.join(dir, childRel));
    if (stat.isDirectory()) return [`${childRel}/`, ...fingerprint(dir, childRel)];
    return [`${childRel} ${stat.size} ${stat.mtimeMs}`];
  });
}

export function describeFramework(spec: FrameworkSpec): void {
  const folder = path.join(fixtures, spec.framework);
  const run = (options: Partial<Parameters<typeof runTests>[0]> = {}) => runTests({ folder, framework: undefined, ...options });

  describe(`${spec.framework} on the fixture projects`, () => {
    it('runs every test and reports each failure with id, location, message, expected/actual and stack', async () => {
      const result = await run();
      expect(result.runnerError).toBeUndefined();
      expect(result.framework).toBe(spec.framework);
      expect({ passed: result.passed, failed: result.failed, skipped: result.skipped, errors: result.errors }).toEqual(spec.counts);
      expect(result.collectionErrors).toEqual([]);
      const quantity = result.failures.find((f) => f.id === spec.quantityTest.id);
      expect(quantity, `failure ${spec.quantityTest.id} in ${result.failures.map((f) => f.id).join(', ')}`).toBeDefined();
      expect(quantity).toMatchObject({ file: spec.quantityTest.id.split('::')[0], line: spec.quantityTest.line, expected: '6', actual: '2', kind: 'failed' });
      expect(quantity!.message).toMatch(/6/);
      expect(quantity!.stack.at(-1)).toMatchObject({ file: spec.quantityTest.id.split('::')[0], inWorkspace: true });
      const typeError = result.failures.find((f) => f.id === spec.typeErrorTest.id);
      expect(typeError?.message).toMatch(/TypeError|not subscriptable|Cannot read/);
      expect(typeError?.stack.some((f) => f.file === spec.typeErrorTest.codeFile && f.inWorkspace)).toBe(true);
      // Every reported test has a folder-relative file and a line.
      for (const test of result.tests) {
        expect(path.isAbsolute(test.file)).toBe(false);
        expect(test.line, test.id).toBeGreaterThan(0);
      }
    });

    it('runs tests by id, reports only those, and says when a requested test does not exist', async () => {
      const missing = `${spec.file.path}::${spec.framework === 'pytest' ? 'test_does_not_exist' : 'no such test'}`;
      const result = await run({ testIds: [spec.passingTest, missing] });
      expect(result.runnerError).toBeUndefined();
      // pytest refuses to run anything when one node id does not exist; the others run the rest.
      const ran = spec.framework === 'pytest' ? [] : [[spec.passingTest, 'passed']];
      expect(result.tests.map((t) => [t.id, t.status])).toEqual(ran);
      expect({ passed: result.passed, failed: result.failed, errors: result.errors }).toEqual({ passed: ran.length, failed: 0, errors: 1 });
      expect(result.collectionErrors).toEqual([expect.objectContaining({ file: spec.file.path, message: expect.stringMatching(/not found|No test matches/) })]);
    });

    it('reports test files that do not load as collection errors in the runner\'s words', async () => {
      const result = await runTests({ folder: path.join(fixtures, `${spec.framework}-broken`) });
      expect(result.runnerError).toBeUndefined();
      expect(result.passed).toBe(spec.broken.passed);
      expect(result.errors).toBeGreaterThanOrEqual(spec.broken.collectionFiles.length);
      expect(result.collectionErrors.map((e) => e.file).sort()).toEqual(expect.arrayContaining(spec.broken.collectionFiles));
      expect(result.collectionErrors.map((e) => e.message).join('\n')).toMatch(spec.broken.words);
    });

    it('kills a hanging run and every process it started when the timeout expires', async () => {
      const marker = `SELFDEBUG_LEAK_MARKER_${randomUUID()}`;
      const result = await runTests({ folder: path.join(fixtures, `${spec.framework}-hang`), timeoutMs: 2500, env: { ...process.env, [marker]: '1' } });
      expect(result.timedOut).toBe(true);
      expect(result.runnerError).toMatch(/Timed out after/);
      expect(result.passed + result.failed).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(processesWithMarker(marker)).toEqual([]);
    });

    it('caps a flood of output and still reads the results', async () => {
      const result = await runTests({ folder: path.join(fixtures, `${spec.framework}-flood`), maxOutputBytes: 200_000 });
      expect(result.runnerError).toBeUndefined();
      expect({ passed: result.passed, failed: result.failed }).toEqual({ passed: 1, failed: 1 });
      expect(result.failures[0]!.message).toMatch(/flooded/);
      expect(result.output.length).toBeLessThan(450_000);
    });

    it('runs a candidate on one file in a sandbox without touching the folder', async () => {
      const original = readFileSync(path.join(folder, spec.fix.file), 'utf8');
      expect(original).toContain(spec.fix.from);
      const before = fingerprint(folder).filter((line) => !/(node_modules|__pycache__|\.pytest_cache|\.benchmarks)/.test(line));
      const result = await run({
        overlay: { [spec.fix.file]: original.replace(spec.fix.from, spec.fix.to) },
        file: spec.quantityTest.id.split('::')[0],
      });
      expect(result.sandboxed).toBe(true);
      expect(result.tests.find((t) => t.id === spec.quantityTest.id)?.status).toBe('passed');
      expect(new Set(result.tests.map((t) => t.file))).toEqual(new Set([spec.quantityTest.id.split('::')[0]]));
      expect(result.failed).toBe(spec.fix.failingAfter);
      expect(readFileSync(path.join(folder, spec.fix.file), 'utf8')).toBe(original);
      expect(fingerprint(folder).filter((line) => !/(node_modules|__pycache__|\.pytest_cache|\.benchmarks)/.test(line))).toEqual(before);
    });
  });
}
