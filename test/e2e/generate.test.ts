// Generate Implementation and Generate Tests in a real VS Code (code-server) against the
// scripted LLM server: the "Generate implementation" code lens on a stub, the candidates ranked
// in the extension, the winner shown through the inline review, accepted and saved, then the
// generated tests it passes offered, reviewed and saved, and pytest run on the result. Also
// Generate Tests from the palette on the function at the cursor. Screenshots:
// test-results/e2e/generate/.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../support/llm/scriptedServer';
import { eventually } from './support/eventually';
import { E2eSession } from './support/session';
import type { Workbench } from './support/pages/Workbench';

const fixture = path.resolve(__dirname, '../fixtures/generate-py');
const py = (code: string) => '```python\n' + code + '\n```';

const right = py('def median(values: list[float]) -> float:\n    if not values:\n        raise ValueError("median of no values")\n    ordered = sorted(values)\n    mid = len(ordered) // 2\n    if len(ordered) % 2:\n        return ordered[mid]\n    return (ordered[mid - 1] + ordered[mid]) / 2');
const rightToo = py('def median(values):\n    n = len(values)\n    if n == 0:\n        raise ValueError("empty")\n    s = sorted(values)\n    return s[n // 2] if n % 2 == 1 else (s[n // 2 - 1] + s[n // 2]) / 2');
const upper = py('def median(values):\n    if not values:\n        raise ValueError("empty")\n    return sorted(values)[len(values) // 2]');
const unsorted = py('def median(values):\n    return values[len(values) // 2]');
const checks = py('assert median([1, 3, 2]) == 2\nassert median([4]) == 4\nassert median([1, 2, 3, 4]) == 2.5\nassert median([10, 20]) == 15\nwith pytest.raises(ValueError):\n    median([])');
const readingTests = py(
  [
    'from shelf.shelving import reading_time',
    '',
    'def test_no_pages():',
    '    assert reading_time(0) == "0m"',
    '',
    'def test_forty_pages_is_an_hour():',
    '    assert reading_time(40) == "1h"',
    '',
    'def test_fifty_pages():',
    '    assert reading_time(50) == "1h 15m"',
    '',
    'def test_twenty_pages_wrong():',
    '    assert reading_time(20) == "20m"',
  ].join('\n'),
);

function pytest(folder: string, file: string) {
  return spawnSync('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', file], { cwd: folder, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
}

/** Waits until the active editor shows a review with at least one pending change. */
async function waitForReview(workbench: Workbench): Promise<void> {
  await eventually(
    async () => {
      if ((await workbench.review.pendingHunks()) < 1) throw new Error(`lenses: ${JSON.stringify(await workbench.editor.codeLenses())}`);
    },
    { timeoutMs: 60_000, what: 'a review with pending changes' },
  );
}

// A retried test opens a fresh copy (the same label would reopen the first attempt's folder and state).
let opened = 0;
const label = (name: string) => `${name}-${++opened}`;

async function clickNotificationButton(workbench: Workbench, message: RegExp, button: string): Promise<void> {
  await eventually(
    async () => {
      await workbench.page.getByRole('dialog', { name: message }).getByRole('button', { name: button }).first().click({ timeout: 5_000 });
    },
    { timeoutMs: 30_000, what: `the "${button}" button of the notification ${String(message)}` },
  );
}

describe('Generate Implementation and Generate Tests in code-server', { retry: 1 }, () => {
  let server: ScriptedServer;
  let session: E2eSession;

  beforeAll(async () => {
    server = await startScriptedServer({
      rules: [
        { name: 'implement', match: { lastUser: '^Implement `median`' }, reply: { content: [right, rightToo, upper, right, unsorted] } },
        { name: 'test cases', match: { lastUser: 'different test cases for `median`' }, reply: { content: [checks] } },
        { name: 'tests of reading_time', match: { lastUser: 'new pytest tests for `reading_time`' }, times: 1, reply: { content: readingTests } },
        { name: 'no more tests', match: { lastUser: 'new pytest tests for `reading_time`' }, reply: { content: readingTests } },
      ],
    });
    session = await E2eSession.start('generate', {
      env: { OPENAI_BASE_URL: server.baseURL, SELFDEBUG_MODEL: 'scripted-model' },
      settings: { 'files.autoSave': 'off' },
    });
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('implements a stub from its code lens through the review, then adds the generated tests it passes', async () => {
    const workbench = await session.open(fixture, { trust: true, label: label('implement') });
    const statsFile = path.join(workbench.folder, 'shelf/stats.py');
    const testsFile = path.join(workbench.folder, 'tests/test_stats.py');
    const testsBefore = readFileSync(testsFile, 'utf8');
    await workbench.openFile('shelf/stats.py');
    await workbench.editor.waitForCodeLens(/Generate implementation/, 90_000);
    await workbench.screenshot('stub-code-lens');

    await workbench.editor.clickCodeLens(/Generate implementation/);
    await workbench.notifications.waitFor(/^SelfDebug: Generated median: passes its 1 existing test\(s\), agreed by 3 of 5 candidates, passes 5 of 5 generated tests\./, 300_000);
    await waitForReview(workbench);
    expect(await workbench.editor.visibleText()).toContain('ordered = sorted(values)');
    await workbench.screenshot('implementation-review');
    // Showing the proposal wrote nothing to disk.
    expect(readFileSync(statsFile, 'utf8')).toContain('    pass\n');

    await workbench.review.acceptAll();
    await workbench.review.waitForPendingHunks(0);
    await workbench.page.keyboard.press('Control+S');
    await eventually(() => expect(readFileSync(statsFile, 'utf8')).toContain('    return (ordered[mid - 1] + ordered[mid]) / 2\n'), { what: 'stats.py saved with the implementation' });

    await clickNotificationButton(workbench, /Generated median/, 'Add Generated Tests');
    await waitForReview(workbench);
    await workbench.screenshot('generated-tests-review');
    await workbench.review.acceptAll();
    await workbench.review.waitForPendingHunks(0);
    await workbench.page.keyboard.press('Control+S');
    await eventually(() => expect(readFileSync(testsFile, 'utf8')).toContain('def test_median_generated_1():'), { what: 'test_stats.py saved with the generated tests' });
    const saved = readFileSync(testsFile, 'utf8');
    expect(saved.startsWith(testsBefore.split('\n\n\n')[0]!)).toBe(true);

    // The accepted code and tests pass the project's own runner.
    const result = pytest(workbench.folder, 'tests/test_stats.py');
    expect(result.stdout).toMatch(/\b7 passed\b/);
    expect(result.status).toBe(0);
    expect(session.outputChannelLog('SelfDebug')).toMatch(/generated: Generated median/);
  });

  it('writes tests for the function at the cursor from the palette, keeping the passing ones', async () => {
    const workbench = await session.open(fixture, { trust: true, label: label('tests') });
    await workbench.openFile('shelf/shelving.py');
    await workbench.editor.goToLine(42);
    await workbench.runCommand('SelfDebug: Generate Tests');
    await workbench.notifications.waitFor(/^SelfDebug: 3 passing test\(s\) for reading_time in tests\/test_shelving\.py; line coverage 0% → \d+%; 1 failing test\(s\) to look at/, 300_000);
    await waitForReview(workbench);
    await workbench.screenshot('generated-tests-new-file');

    // The failing test is reported apart, not added.
    await clickNotificationButton(workbench, /passing test\(s\) for reading_time/, 'Show Failing Tests');
    await eventually(async () => expect(await workbench.editor.visibleText()).toContain('test_twenty_pages_wrong'), { what: 'the failing-tests report' });
    await workbench.screenshot('failing-tests-report');

    // Back to the new test file's tab (it exists only in the editor until it is saved).
    await workbench.page.getByRole('tab', { name: /^test_shelving\.py\b/ }).first().click();
    await waitForReview(workbench);
    await workbench.review.acceptAll();
    await workbench.review.waitForPendingHunks(0);
    await workbench.page.keyboard.press('Control+S');
    const file = path.join(workbench.folder, 'tests/test_shelving.py');
    await eventually(() => expect(existsSync(file) && readFileSync(file, 'utf8')).toContain('def test_fifty_pages():'), { timeoutMs: 60_000, what: 'tests/test_shelving.py saved' });
    expect(readFileSync(file, 'utf8')).not.toContain('test_twenty_pages_wrong');
    expect(pytest(workbench.folder, 'tests/test_shelving.py').status).toBe(0);
  });
});
