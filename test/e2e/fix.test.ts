// The whole fix flow in a real VS Code (code-server) against the scripted model server: run the
// tests, click "Fix with SelfDebug" above the failing test, watch the candidates run, get the
// verified patch as an inline review with its evidence, accept it, and see the test pass.
// The model is scripted to be wrong first and right after the failure is fed back (Self-Debug).
// Screenshots: test-results/e2e/fix/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers } from '../support/llm/answers';
import { startScriptedServer, type ScriptedServer } from '../support/llm/scriptedServer';
import { eventually } from './support/eventually';
import { repoRoot } from './support/paths';
import { E2eSession } from './support/session';

const example = path.join(repoRoot, 'examples', 'python-shop');

const wrong = answers.searchReplace('shop/pricing.py', '            return rate', '            return Decimal(rate)', 'python');
const right = answers.wholeFunction(
  'python',
  [
    'def bulk_discount_rate(quantity: int) -> Decimal:',
    '    """Discount rate for buying ``quantity`` units of one product (see BULK_TIERS)."""',
    '    if quantity < 0:',
    '        raise ValueError("quantity cannot be negative")',
    '    for minimum, rate in BULK_TIERS:',
    '        if quantity >= minimum:',
    '            return rate',
    '    return Decimal(0)',
  ].join('\n'),
);

describe('fixing a failing test from its code lens', { retry: Number(process.env.SELFDEBUG_E2E_RETRY ?? 1) }, () => {
  let server: ScriptedServer;
  let session: E2eSession;

  beforeAll(async () => {
    server = await startScriptedServer({
      rules: [
        { name: 'after feedback', match: { lastUser: 'explain, step by step' }, reply: { content: right } },
        { name: 'first try', match: { anyMessage: 'bulk_discount_rate' }, reply: { content: wrong } },
      ],
    });
    session = await E2eSession.start('fix', {
      env: { OPENAI_BASE_URL: server.baseURL, SELFDEBUG_MODEL: 'scripted-coder' },
      settings: { 'selfdebug.candidatesPerRound': 2, 'selfdebug.maxRounds': 3 },
    });
  });

  afterAll(async () => {
    // The extension's own log, for a person reading a failure.
    if (session) {
      mkdirSync(session.resultsDir, { recursive: true });
      writeFileSync(path.join(session.resultsDir, 'selfdebug.log'), session.outputChannelLog('SelfDebug'));
    }
    await session?.close();
    await server?.close();
  });

  it('shows a verified fix as an inline review and writes it when accepted', async () => {
    const workbench = await session.open(example, { trust: true, label: 'python-shop' });
    await workbench.openFile('tests/test_pricing.py');
    await workbench.runCommand('SelfDebug: Run Tests');
    await workbench.panel.waitForTerminal(/SelfDebug: \d+ passed, \d+ failed/, 180_000);
    await workbench.editor.waitForCodeLens('Fix with SelfDebug', 60_000);
    await workbench.screenshot('failing-test-lens');

    await workbench.editor.clickCodeLens('Fix with SelfDebug');
    // The candidates run as tasks; the review opens on the suspect's file with its evidence.
    await eventually(
      async () => {
        const lenses = await workbench.editor.codeLensTexts();
        if (!lenses.some((l) => /fixes test_bulk_discount_starts_at_ten_units/.test(l))) throw new Error(`lenses: ${JSON.stringify(lenses)}`);
      },
      { timeoutMs: 240_000, what: 'the review of the fix with its evidence line' },
    );
    const lenses = await workbench.editor.codeLensTexts();
    expect(lenses.join('\n')).toMatch(/\d+ tests run, 0 regressions/);
    expect(await workbench.review.pendingHunks()).toBe(1);
    await workbench.screenshot('fix-review');
    await workbench.walkthroughShot('review');

    // The model was asked twice: the second time with the failure of its first try.
    const chats = server.chatRequests();
    expect(chats.length).toBeGreaterThanOrEqual(2);
    expect(chats.at(-1)!.view!.lastUser).toContain('Decimal(rate)');

    await workbench.review.acceptHunk();
    await workbench.review.waitForPendingHunks(0);
    await workbench.runCommand('File: Save');
    const pricing = path.join(workbench.folder, 'shop', 'pricing.py');
    await eventually(
      async () => {
        if (!readFileSync(pricing, 'utf8').includes('if quantity >= minimum:')) throw new Error('not saved yet');
      },
      { timeoutMs: 20_000, what: 'the accepted fix on disk' },
    );
    expect(readFileSync(pricing, 'utf8')).not.toContain('if quantity > minimum:');
    await workbench.screenshot('fix-accepted');
  });
});
