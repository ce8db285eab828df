// Coverage of a target by chosen test files, as Generate Tests measures it before and after: every
// runner with per-test coverage gets a command that runs just those files.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/ports/console';
import { coverageCommand, coverageRunner } from '../../../src/core/generate/targetCoverage';
import type { FrameworkId } from '../../../src/core/testing/types';

const fixtures = path.resolve(__dirname, '../../fixtures');

describe('coverageCommand', () => {
  it('runs only the given files, with the runner the folder resolves', () => {
    for (const framework of ['vitest', 'jest', 'mocha', 'node-test'] as FrameworkId[]) {
      const command = coverageCommand({ framework, reasons: [] }, path.join(fixtures, framework), ['tests/cart.test.js']);
      expect(command, framework).toMatch(/ tests\/cart\.test\.js$/);
    }
    expect(coverageCommand({ framework: 'pytest', reasons: [], python: 'python3' }, fixtures, ['tests/test_cart.py'])).toBe('python3 -m pytest tests/test_cart.py');
    expect(coverageCommand({ framework: 'jest', reasons: [] }, fixtures, ['a.test.js'], 'yarn jest')).toBe('yarn jest a.test.js');
  });
});

describe('coverageRunner', () => {
  it.each(['jest', 'mocha'] as FrameworkId[])('measures the lines of src/cart.js that the %s tests of one file run', async (framework) => {
    const folder = path.join(fixtures, framework);
    const run = coverageRunner({ folder, detection: { framework, reasons: [] }, timeoutMs: 60_000, logger: silentLogger });
    const { report, note } = await run({ testFiles: ['tests/cart.test.js'], signal: new AbortController().signal });
    expect(note).toBeUndefined();
    expect(report!.framework).toBe(framework);
    expect(report!.tests.length).toBeGreaterThan(0);
    expect(report!.tests.every((t) => t.id.startsWith('tests/cart.test.js::'))).toBe(true);
    expect(report!.tests.some((t) => (t.lines['src/cart.js'] ?? []).length > 0)).toBe(true);
  }, 90_000);
});
