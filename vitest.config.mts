import { defineConfig } from 'vitest/config';

// Two projects: `unit` (engine and CLI, fast, no editor) and `e2e` (a real VS Code in
// code-server driven by Playwright). `npm test` runs both and prints one summary.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summaryReporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/core/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/bench/**/*.test.ts', 'test/support/**/*.test.ts', 'test/vscode/**/*.test.ts', 'test/electron/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 1_800_000,
          pool: 'forks',
          fileParallelism: false,
          globalSetup: ['test/e2e/support/globalSetup.ts'],
        },
      },
    ],
  },
});
