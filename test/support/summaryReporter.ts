// Prints one summary line after vitest's own report, so the last line of `npm test` (and of
// .ci/run) says how many tests passed and failed: "Tests: 568 passed, 2 failed, 1 skipped (571) ...".
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  private started = Date.now();

  onTestRunStart(): void {
    this.started = Date.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let failedFiles = 0;
    for (const module of testModules) {
      if (module.state() === 'failed') failedFiles++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    const total = counts.passed + counts.failed + counts.skipped;
    const errors = unhandledErrors.length ? `, ${unhandledErrors.length} unhandled errors` : '';
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
    process.stdout.write(
      `\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${total}) in ${testModules.length} files (${failedFiles} failed)${errors}, ${seconds} s\n`,
    );
  }
}
