// Foundation: the packaged .vsix, installed into code-server with --install-extension, activates
// in a real VS Code 1.100 on the bundled Python example, answers palette commands, and respects
// Workspace Trust. Screenshots of each step: test-results/e2e/foundation/.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { examplesRoot, repoRoot } from './support/paths';
import { E2eSession } from './support/session';

const pythonShop = path.join(examplesRoot, 'python-shop');
const ACTIVATED = /SelfDebug \d+\.\d+\.\d+\S* activated \(VS Code 1\.100\.\d+, Node \d+\.\d+\.\d+\)/;
const NOT_BUILT = /is not available in this version yet/;

describe('SelfDebug in code-server', { retry: 1 }, () => {
  let session: E2eSession;

  beforeAll(async () => {
    session = await E2eSession.start('foundation');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('is installed from the packaged .vsix', () => {
    const e2e = inject('e2e');
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(e2e.extensionId).toBe(`${manifest.publisher}.${manifest.name}`);
    expect(e2e.extensionVersion).toBe(manifest.version);
    expect(existsSync(path.join(e2e.extensionsDir, `${e2e.extensionId}-${e2e.extensionVersion}`, 'dist', 'extension.js'))).toBe(true);
  });

  it('activates in a trusted Python workspace and shows its log', async () => {
    const workbench = await session.open(pythonShop, { trust: true, label: 'trusted' });
    expect(await workbench.isRestricted()).toBe(false);

    await workbench.openFile('tests/test_pricing.py');
    expect(await workbench.editor.visibleText()).toContain('def test_bulk_discount_starts_at_ten_units');
    await workbench.screenshot('test-file-open');

    await workbench.runCommand('SelfDebug: Show Log');
    const log = await workbench.panel.waitForOutput('SelfDebug', ACTIVATED);
    expect(log).not.toMatch(/\[error\]/);
    expect(await workbench.panel.outputChannels()).toContain('SelfDebug');
    await workbench.screenshot('selfdebug-log');
    // The Output view and the log file agree: it is the extension's channel, not a lookalike.
    expect(session.outputChannelLog('SelfDebug')).toMatch(ACTIVATED);
  });

  it("runs the example's tests in the integrated terminal, where its real bugs fail", async () => {
    // Also checks the harness can read the terminal (later issues drive test runs through it).
    const workbench = await session.open(pythonShop, { trust: true, label: 'terminal' });
    await workbench.openFile('shop/pricing.py');
    await workbench.runCommand('Terminal: Create New Terminal');
    await workbench.panel.waitForTerminal(/[$#] ?$/m, 30_000); // a shell prompt
    await workbench.page.keyboard.type('python3 -m pytest -p no:cacheprovider -p no:benchmark tests/test_pricing.py\n');
    const text = await workbench.panel.waitForTerminal(/\d+ failed, \d+ passed/, 60_000);
    expect(text).toMatch(/FAILED tests\/test_pricing\.py::test_bulk_discount_starts_at_ten_units/);
    expect(text).toMatch(/1 failed, 5 passed/);
    await workbench.walkthroughShot('run-tests');
  });

  it('tells how to set up a model endpoint when an LLM command runs without one', async () => {
    const workbench = await session.open(pythonShop, { trust: true, label: 'no-endpoint' });
    await workbench.openFile('shop/shipping.py');
    // Cursor inside the stub, where a user would ask for an implementation.
    await workbench.editor.goToLine(18);
    await workbench.runCommand('SelfDebug: Generate Implementation');
    const notification = await workbench.notifications.waitForFrom('SelfDebug');
    await workbench.screenshot('generate-without-endpoint');

    expect(notification.message).toMatch(/SelfDebug/);
    expect(notification.message).not.toMatch(/ failed: /); // a crash, not advice
    if (!NOT_BUILT.test(notification.message)) {
      // Issue 2: "says exactly how to set one up (an OpenAI key, or a local Ollama/LM Studio URL and model)".
      expect(notification.message).toMatch(/OPENAI_API_KEY|Set API Key/);
      expect(notification.message).toMatch(/Ollama|LM Studio/);
      expect(notification.message).toMatch(/selfdebug\.llm\.baseUrl|base ?URL/i);
    }
  });

  it('refuses to run tests in an untrusted workspace', async (context) => {
    const workbench = await session.open(pythonShop, { trust: false, label: 'untrusted' });
    expect(await workbench.isRestricted()).toBe(true);

    // Limited support: the extension still activates (indexing and localizing are safe).
    await workbench.runCommand('SelfDebug: Show Log');
    await workbench.panel.waitForOutput('SelfDebug', ACTIVATED);

    await workbench.runCommand('SelfDebug: Run Tests');
    const notification = await workbench.notifications.waitForFrom('SelfDebug');
    await workbench.screenshot('run-tests-untrusted');
    if (NOT_BUILT.test(notification.message)) {
      context.skip('the testing feature (src/vscode/testing/feature.ts) has no Run Tests handler yet');
    }
    expect(notification.message).toMatch(/trust/i);
    // Nothing ran: no pytest output reached the log.
    expect(session.outputChannelLog('SelfDebug')).not.toMatch(/\d+ (passed|failed)/);
  });
});
