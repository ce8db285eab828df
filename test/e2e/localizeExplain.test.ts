// Localize Fault, Explain failure and Fix All Failing Tests in File in a real VS Code
// (code-server) on the python-shop example, against the scripted model server: the suspects of a
// failing test in a quick pick and in the SelfDebug Suspects view, suspects for a bug described in
// words (re-ranked by the model), the explanation document beside the test, and the money
// rounding bug fixed for the whole of tests/test_cart.py as one review that pytest then confirms.
// A second session without any endpoint checks the set-up advice of Fix Failing Test.
// Screenshots: test-results/e2e/localizeExplain/ and test-results/e2e/localizeExplain-no-endpoint/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers } from '../support/llm/answers';
import type { RequestView } from '../support/llm/rules';
import { startScriptedServer, type ScriptedServer } from '../support/llm/scriptedServer';
import { eventually } from './support/eventually';
import { repoRoot } from './support/paths';
import { E2eSession } from './support/session';
import type { Workbench } from './support/pages/Workbench';

const example = path.join(repoRoot, 'examples', 'python-shop');
const retry = Number(process.env.SELFDEBUG_E2E_RETRY ?? 1);
const BULK_TEST = 'tests/test_pricing.py::test_bulk_discount_starts_at_ten_units';
const CART_TEST = 'test_total_applies_coupon_before_tax';
const BUG_REPORT = 'the bulk discount starts one unit too late';

const explanation =
  'The test buys exactly 10 units and expects the 5% tier. `bulk_discount_rate` checks `quantity > minimum`, ' +
  'so 10 is not above 10 and the loop falls through to `Decimal(0)`. The comparison in `bulk_discount_rate` should be `>=`.';

// The model sees `round_money(amount: Decimal) -> Decimal` (shop/money.py) only among the
// signatures of what the cart's suspects call, so it answers with the whole function (and the
// import it needs): half-up rounding on the Decimal itself instead of a trip through binary floats.
const roundMoneyFix = answers.wholeFunction(
  'python',
  [
    'from decimal import ROUND_HALF_UP',
    '',
    '',
    'def round_money(amount: Decimal) -> Decimal:',
    '    """Rounds an amount to whole cents, halves going up (2.675 -> 2.68)."""',
    '    return Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)',
  ].join('\n'),
);

/** The re-ranking answer: the candidates the search sent, bulk_discount_rate moved to the top. */
function rerank(view: RequestView) {
  const ids = [...view.lastUser.matchAll(/^### (.+)$/gm)].map((m) => m[1].trim());
  const bulk = ids.filter((id) => id.endsWith('#bulk_discount_rate'));
  return { content: JSON.stringify({ ranking: [...bulk, ...ids.filter((id) => !bulk.includes(id))] }) };
}

/** Runs the folder's tests from the palette and waits for SelfDebug's summary in the task terminal. */
async function runTests(workbench: Workbench): Promise<void> {
  await workbench.runCommand('SelfDebug: Run Tests');
  await workbench.panel.waitForTerminal(/SelfDebug: \d+ passed, \d+ failed/, 240_000);
}

/** Text without any whitespace, to compare with what a wrapping editor renders. */
function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function saveLog(session: E2eSession | undefined): void {
  if (!session) return;
  mkdirSync(session.resultsDir, { recursive: true });
  writeFileSync(path.join(session.resultsDir, 'selfdebug.log'), session.outputChannelLog('SelfDebug'));
}

describe('localize, explain and fix-all with a model', { retry }, () => {
  let server: ScriptedServer;
  let session: E2eSession;

  beforeAll(async () => {
    server = await startScriptedServer({
      rules: [
        { name: 'explain', match: { lastUser: 'Explain why this test fails' }, reply: { content: explanation } },
        { name: 'rerank', match: { lastUser: 'A user reported a bug' }, reply: rerank },
        { name: 'fix round_money', match: { lastUser: CART_TEST }, reply: { content: roundMoneyFix } },
      ],
    });
    session = await E2eSession.start('localizeExplain', {
      env: { OPENAI_BASE_URL: server.baseURL, SELFDEBUG_MODEL: 'scripted-coder' },
      settings: { 'selfdebug.candidatesPerRound': 1, 'selfdebug.maxRounds': 1 },
    });
  });

  afterAll(async () => {
    saveLog(session);
    await session?.close();
    await server?.close();
  });

  it('localizes the failing test under the cursor: quick pick with reasons, the suspect opens, the Suspects view lists it', async () => {
    const workbench = await session.open(example, { trust: true, label: 'localize-failure' });
    await workbench.openFile('tests/test_pricing.py');
    await runTests(workbench);
    await workbench.editor.waitForCodeLens('Fix with SelfDebug', 60_000);
    await workbench.editor.goToLine(22); // inside test_bulk_discount_starts_at_ten_units
    await workbench.screenshot('cursor-in-failing-test');

    await workbench.runCommand('SelfDebug: Localize Fault');
    const title = `SelfDebug: suspects for ${BULK_TEST}`;
    // The coverage run comes first, so the pick can take a while on a busy machine.
    const options = await workbench.quickPick.waitForOptions(title, 180_000);
    await workbench.screenshot('suspects-quick-pick');
    // "1. symbol-method bulk_discount_rate, shop/pricing.py:18  <score>, <reason>"
    expect(options[0]).toMatch(/^1\. .*\bbulk_discount_rate, shop\/pricing\.py:18\b/);
    const reason = options[0].split(', ').slice(2).join(', ');
    expect(reason).toMatch(/covered by 1\/1 failing|called on the failing line/);
    // The stub that fails seven shipping tests is another bug: it must not be a suspect here.
    expect(options.join('\n')).not.toMatch(/shipping_cost/);

    await workbench.quickPick.choose(title, /^1\. .*\bbulk_discount_rate\b/);
    await eventually(
      async () => {
        const tab = workbench.page.getByRole('tab', { name: /^pricing\.py\b/ }).first();
        if (!(await tab.isVisible())) throw new Error('no pricing.py tab');
        const text = await workbench.editor.visibleText();
        if (!text.includes('def bulk_discount_rate(quantity: int) -> Decimal:')) throw new Error(`the editor shows:\n${text}`);
        const { line } = await workbench.editor.cursor();
        if (line !== 18) throw new Error(`cursor on line ${line}`);
      },
      { timeoutMs: 30_000, what: 'shop/pricing.py opened at bulk_discount_rate' },
    );
    await workbench.screenshot('suspect-opened');

    await workbench.runCommand('Testing: Focus on SelfDebug Suspects View');
    const rows = await workbench.views.waitForTreeItem('SelfDebug Suspects', /^1\. bulk_discount_rate\b/, 30_000);
    expect(rows[0]).toMatch(/shop\/pricing\.py:18/);
    await workbench.screenshot('suspects-view');
  });

  it('localizes a bug described in words when nothing has failed yet, with the model re-ranking the search hits', async () => {
    const workbench = await session.open(example, { trust: true, label: 'localize-query' });
    await workbench.openFile('shop/cart.py');
    const before = server.chatRequests().length;
    await workbench.runCommand('SelfDebug: Localize Fault');
    await workbench.quickPick.answer('SelfDebug: Localize Fault', BUG_REPORT);
    const title = /SelfDebug: suspects for “the bulk discount starts one unit too late”/;
    const options = await workbench.quickPick.waitForOptions(title, 120_000);
    await workbench.screenshot('query-suspects');

    // The search found bulk_discount_rate on its own: it was among the candidates the model saw.
    const asked = server.chatRequests().slice(before).filter((r) => r.rule === 'rerank');
    expect(asked).toHaveLength(1);
    expect(asked[0].view!.lastUser).toContain(BUG_REPORT);
    expect(asked[0].view!.lastUser).toMatch(/^### shop\/pricing\.py#bulk_discount_rate$/m);
    const bulk = options.find((o) => /\bbulk_discount_rate, shop\/pricing\.py:18\b/.test(o));
    expect(bulk, JSON.stringify(options)).toBeDefined();
    expect(bulk).toMatch(/LLM rank 1; text match #\d+ for the report/);
    await workbench.page.keyboard.press('Escape');
  });

  it('explains a failing test from its code lens in a Markdown document beside it', async () => {
    const workbench = await session.open(example, { trust: true, label: 'explain' });
    await workbench.openFile('tests/test_pricing.py');
    await runTests(workbench);
    await workbench.editor.waitForCodeLens('Explain failure', 60_000);
    const before = server.chatRequests().length;
    await workbench.editor.clickCodeLens(/^Explain failure$/);

    const text = await eventually(
      async () => {
        const shown = await workbench.editor.visibleText();
        if (!shown.includes('## Explanation')) throw new Error(`the active editor shows:\n${shown.slice(0, 1500)}`);
        return shown;
      },
      { timeoutMs: 180_000, what: 'the explanation document' },
    );
    await workbench.screenshot('explanation');
    // Markdown editors wrap long lines (anywhere, even inside a word): compare without whitespace.
    const flat = compact(text);
    expect(flat).toContain(compact(`# Why \`${BULK_TEST}\` fails`));
    expect(flat).toContain(compact("AssertionError: assert Decimal('0') == Decimal('0.05')"));
    expect(flat).toMatch(new RegExp(`##Suspects1\\.\`bulk_discount_rate\`—shop/pricing\\.py:18\\(`));
    // The model's account is at the end of the document, below the fold of a half-width editor.
    await workbench.page.keyboard.press('Control+End');
    await eventually(
      async () => {
        const end = compact(await workbench.editor.visibleText());
        if (!end.includes(compact(explanation))) throw new Error(`the end of the document shows: ${end.slice(-600)}`);
      },
      { timeoutMs: 15_000, what: "the model's explanation at the end of the document" },
    );
    await workbench.screenshot('explanation-end');
    // Beside the test: two editor groups, the test still open in the first.
    expect(await workbench.page.locator('.editor-group-container').count()).toBeGreaterThanOrEqual(2);
    expect(await workbench.page.getByRole('tab', { name: /^test_pricing\.py\b/ }).count()).toBeGreaterThan(0);

    const asked = server.chatRequests().slice(before);
    expect(asked.map((r) => r.rule)).toEqual(['explain']);
    expect(asked[0].view!.lastUser).toContain('test_bulk_discount_starts_at_ten_units');
    expect(asked[0].view!.allText).toContain('def bulk_discount_rate');
  });

  it('fixes every failing test of tests/test_cart.py as one review whose evidence names them; pytest passes after Accept All', async () => {
    const workbench = await session.open(example, { trust: true, label: 'fix-all' });
    await workbench.openFile('tests/test_cart.py');
    await runTests(workbench);
    await workbench.editor.waitForCodeLens('Fix with SelfDebug', 60_000);
    await workbench.runCommand('SelfDebug: Fix All Failing Tests in File');

    const evidence = await eventually(
      async () => {
        const lenses = await workbench.editor.codeLensTexts();
        const found = lenses.find((l) => l.includes(`fixes ${CART_TEST}`));
        if (!found) throw new Error(`lenses: ${JSON.stringify(lenses)}`);
        return found;
      },
      { timeoutMs: 300_000, what: 'the review with its evidence line' },
    );
    await workbench.screenshot('fix-all-review');
    expect(evidence).toMatch(new RegExp(`fixes ${CART_TEST}; \\d+ tests run, 0 regressions`));
    expect(evidence).not.toContain('still failing');
    await eventually(
      async () => {
        if (!(await workbench.page.getByRole('tab', { name: /^money\.py\b/ }).first().isVisible())) throw new Error('no money.py tab');
      },
      { timeoutMs: 10_000, what: 'the review on shop/money.py' },
    );
    expect(await workbench.review.pendingHunks()).toBeGreaterThanOrEqual(1);
    expect(server.chatRequests().some((r) => r.rule === 'fix round_money')).toBe(true);

    await workbench.review.acceptAll();
    await workbench.review.waitForPendingHunks(0);
    await workbench.runCommand('File: Save');
    const money = path.join(workbench.folder, 'shop', 'money.py');
    await eventually(
      async () => {
        if (!readFileSync(money, 'utf8').includes('rounding=ROUND_HALF_UP')) throw new Error('not saved yet');
      },
      { timeoutMs: 20_000, what: 'the accepted fix on disk' },
    );
    await workbench.screenshot('fix-all-accepted');
    expect(readFileSync(money, 'utf8')).toMatch(/^from decimal import .*ROUND_HALF_UP/m);
    expect(readFileSync(money, 'utf8')).not.toContain('round(float(amount), 2)');
    // The saved copy passes the tests the rounding bug broke (test_money's too).
    const pytest = execFileSync('python3', ['-m', 'pytest', '-p', 'no:cacheprovider', 'tests/test_cart.py', 'tests/test_money.py'], {
      cwd: workbench.folder,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(pytest).toMatch(/\b11 passed\b/);
  });
});

describe('fix without a model endpoint', { retry }, () => {
  let session: E2eSession;

  beforeAll(async () => {
    session = await E2eSession.start('localizeExplain-no-endpoint');
  });

  afterAll(async () => {
    saveLog(session);
    await session?.close();
  });

  it('says how to set a model up (API key or a local base URL) before running anything', async () => {
    const workbench = await session.open(example, { trust: true, label: 'no-endpoint' });
    await workbench.openFile('tests/test_pricing.py');
    await workbench.runCommand('SelfDebug: Fix Failing Test');
    const notification = await workbench.notifications.waitFor(/Fix Failing Test needs a language model/, 60_000);
    await workbench.screenshot('no-endpoint-advice');
    expect(notification.source).toBe('SelfDebug');
    expect(notification.message).toContain('Set API Key');
    expect(notification.message).toContain('http://localhost:11434/v1');
    // No test run was started to find the failure first: no task terminal exists.
    expect(await workbench.page.locator('.terminal-wrapper').count()).toBe(0);
  });
});
