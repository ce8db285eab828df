// Running tests in a real VS Code (code-server): the Test Explorer lists the test files before
// any run; "SelfDebug: Run Tests" on the pytest fixture
// runs as a task whose terminal shows pytest's output and SelfDebug's summary; the failing tests
// get red gutter icons and the three code lenses; after the code is fixed on disk, the Rerun
// lens runs the test again and its lenses go away. In an untrusted window the command explains
// why it does not run. Screenshots: test-results/e2e/testing/.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually';
import { repoRoot } from './support/paths';
import { E2eSession } from './support/session';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'pytest');

describe('running tests in code-server', { retry: 1 }, () => {
  let session: E2eSession;

  beforeAll(async () => {
    session = await E2eSession.start('testing');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('runs the tests as a task, marks the failing ones and puts code lenses above them', async () => {
    const workbench = await session.open(fixture, { trust: true, label: 'run-tests' });
    // Before any run, the Test Explorer lists the files pytest would collect.
    await workbench.runCommand('Testing: Focus on Test Explorer View');
    const listed = await workbench.views.waitForTreeItem('Test Explorer', /test_names\.py/, 60_000);
    expect(listed.some((i) => /test_cart\.py/.test(i))).toBe(true);
    await workbench.openFile('tests/test_cart.py');
    // The open file's tests, read from its source, get run buttons in the gutter.
    const margin = workbench.page.locator('.editor-group-container.active .monaco-editor .margin');
    await eventually(
      async () => {
        const runButtons = await margin.locator('.codicon-testing-run-icon').count();
        if (runButtons < 5) throw new Error(`${runButtons} run buttons in the gutter`);
      },
      { timeoutMs: 30_000, what: 'run buttons next to the tests before any run' },
    );
    await workbench.screenshot('test-explorer-before-run');
    await workbench.runCommand('SelfDebug: Run Tests');

    // The task terminal: pytest's own output, then SelfDebug's summary line.
    const terminal = await workbench.panel.waitForTerminal(/SelfDebug: 5 passed, 4 failed, 1 errors, 1 skipped in/, 120_000);
    // The terminal shows its last rows: the end of pytest's short summary and its count line.
    expect(terminal).toMatch(/(FAILED|ERROR) tests\/test_cart\.py::/);
    expect(terminal).toMatch(/4 failed, 5 passed, 1 skipped, 1 error in/);

    // Code lenses above each failing test of the open file.
    await workbench.editor.waitForCodeLens('Fix with SelfDebug', 60_000);
    const lenses = await workbench.editor.codeLenses();
    expect(lenses.filter((l) => /Fix with SelfDebug/.test(l))).toHaveLength(4);
    expect(lenses.filter((l) => l === 'Explain failure')).toHaveLength(4);
    expect(lenses.filter((l) => l === 'Rerun')).toHaveLength(4);

    // The gutter shows the test states the TestController published.
    const gutter = workbench.page.locator('.editor-group-container.active .monaco-editor .margin');
    await eventually(
      async () => {
        const failed = await gutter.locator('.codicon-testing-failed-icon, .codicon-testing-error-icon').count();
        const passed = await gutter.locator('.codicon-testing-passed-icon').count();
        if (failed < 1 || passed < 1) throw new Error(`gutter icons: ${failed} failed, ${passed} passed`);
      },
      { timeoutMs: 30_000, what: 'passed and failed test icons in the gutter' },
    );
    await workbench.screenshot('failing-tests-with-lenses');
    await workbench.walkthroughShot('run-tests');

    // Fix the bug on disk, then rerun the test from its lens: its lenses go away.
    const cart = path.join(workbench.folder, 'cart.py');
    writeFileSync(cart, readFileSync(cart, 'utf8').replace('sum(price for price, _quantity in items)', 'sum(price * quantity for price, quantity in items)'));
    await workbench.editor.goToLine(12);
    await workbench.editor.clickCodeLens('Rerun');
    await eventually(
      async () => {
        const now = await workbench.editor.codeLenses();
        const fixes = now.filter((l) => /Fix with SelfDebug/.test(l)).length;
        // test_total_multiplies_by_quantity and LegacyCartTest.test_total_of_two_items share the bug.
        if (fixes !== 3) throw new Error(`code lenses: ${JSON.stringify(now)}`);
      },
      { timeoutMs: 90_000, what: 'the lenses of the fixed test to go away' },
    );
    await workbench.screenshot('after-rerun');
  });

  it('runs the tests with coverage from the Test Explorer and shows the coverage of the code', async () => {
    const workbench = await session.open(fixture, { trust: true, label: 'coverage' });
    await workbench.runCommand('Testing: Focus on Test Explorer View');
    await workbench.views.waitForTreeItem('Test Explorer', /test_cart\.py/, 60_000);
    await workbench.runCommand('Test: Run All Tests with Coverage');
    // VS Code's Test Coverage view lists the source file the tests ran, with its share of lines.
    const rows = await workbench.views.waitForTreeItem('Test Coverage Explorer', /cart\.py/, 120_000);
    expect(rows.some((r) => /test_/.test(r))).toBe(false);
    await workbench.screenshot('coverage');
  });

  it('refuses to run tests in an untrusted window and says why', async () => {
    const workbench = await session.open(fixture, { trust: false, label: 'untrusted' });
    await workbench.waitForTrustState(false);
    await workbench.runCommand('SelfDebug: Run Tests');
    const notification = await workbench.notifications.waitFor(/only in a trusted workspace/, 30_000);
    expect(notification.message).toMatch(/running them executes the code in this folder/);
    await workbench.screenshot('untrusted-refusal');
  });
});
