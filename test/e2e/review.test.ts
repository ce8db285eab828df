// Inline diff review in a real VS Code (code-server): a two-hunk proposal shown through the test
// hook (SELFDEBUG_TEST_HOOKS=1, bound to a key in the user's keybindings), one hunk accepted and
// one rejected through their code lenses, the file saved, and its bytes checked on disk. Also:
// nothing is saved until the user saves, undo brings an accepted hunk back, and Reject All on a
// CRLF file without a final newline gives back the exact bytes. Screenshots:
// test-results/e2e/review/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually';
import { fixturesRoot } from './support/paths';
import { E2eSession } from './support/session';
import type { Workbench } from './support/pages/Workbench';

const fixture = path.join(fixturesRoot, 'review');
const PROPOSAL_FILE = '.selfdebug-test/proposal.json';
const SHOW_PROPOSAL_KEY = 'Control+Alt+Shift+F9';

const calcBefore = readFileSync(path.join(fixture, 'calc.py'), 'utf8');
// Hunk 1 fixes add; hunk 2 rewrites scale as a comprehension.
const calcAfter = calcBefore
  .replace('    return a - b\n', '    return a + b\n')
  .replace('    result = []\n    for value in values:\n        result.append(value * factor)\n    return result\n', '    return [value * factor for value in values]\n');

function proposal(file: string, before: string, after: string, summary: string) {
  return {
    id: `e2e-${path.basename(file)}`,
    title: 'Fix add',
    kind: 'repair',
    changes: [{ path: file, before, after }],
    evidence: { summary, fixedTests: ['test_add'], stillFailing: [], regressions: [], testsRun: 14 },
  };
}

/**
 * Writes the proposal and runs the hook through its key until a review appears: a key pressed
 * before the extension has activated does nothing, and presenting the same proposal twice only
 * shows the open review again.
 */
async function showProposal(workbench: Workbench, value: unknown): Promise<void> {
  mkdirSync(path.join(workbench.folder, path.dirname(PROPOSAL_FILE)), { recursive: true });
  writeFileSync(path.join(workbench.folder, PROPOSAL_FILE), JSON.stringify(value));
  await eventually(
    async () => {
      await workbench.page.keyboard.press(SHOW_PROPOSAL_KEY);
      await workbench.editor.waitForCodeLens('Accept All', 10_000);
    },
    { timeoutMs: 120_000, intervalMs: 1_000, what: 'the test hook to show the proposal' },
  );
}

describe('inline diff review in code-server', { retry: 1 }, () => {
  let session: E2eSession;

  beforeAll(async () => {
    session = await E2eSession.start('review', { env: { SELFDEBUG_TEST_HOOKS: '1' }, settings: { 'files.autoSave': 'off' } });
    // The hidden test command is not in the palette; a user keybinding runs it with the proposal's path.
    mkdirSync(path.join(session.userDataDir, 'User'), { recursive: true });
    writeFileSync(
      path.join(session.userDataDir, 'User', 'keybindings.json'),
      JSON.stringify([{ key: 'ctrl+alt+shift+f9', command: 'selfdebug.test.showProposal', args: PROPOSAL_FILE }]),
    );
  });

  afterAll(async () => {
    await session?.close();
  });

  it('accepts one hunk, rejects the other, and saves exactly the merge', async () => {
    const workbench = await session.open(fixture, { trust: true, label: 'accept-reject' });
    const file = path.join(workbench.folder, 'calc.py');
    await workbench.openFile('calc.py');
    await showProposal(workbench, proposal('calc.py', calcBefore, calcAfter, 'fixes test_add; 14 tests run, 0 regressions'));

    await workbench.review.waitForPendingHunks(2, 60_000);
    expect(await workbench.review.fileLenses()).toEqual(['Accept All', 'Reject All', 'Side by Side']);
    const shown = await workbench.editor.visibleText();
    expect(shown).toContain('    return a - b\n    return a + b');
    await workbench.screenshot('review-two-hunks');
    // Showing a review never saves: the file on disk is untouched.
    expect(readFileSync(file, 'utf8')).toBe(calcBefore);

    await workbench.review.acceptHunk();
    await workbench.review.waitForPendingHunks(1);
    await workbench.screenshot('first-hunk-accepted');
    await workbench.review.rejectHunk();
    await workbench.review.waitForPendingHunks(0);
    await workbench.screenshot('second-hunk-rejected');
    expect(readFileSync(file, 'utf8')).toBe(calcBefore);

    await workbench.page.keyboard.press('Control+S');
    await eventually(() => expect(readFileSync(file, 'utf8')).toBe(calcBefore.replace('    return a - b\n', '    return a + b\n')), {
      what: 'calc.py saved with the first hunk only',
    });
  });

  it('brings an accepted hunk back with undo', async () => {
    const workbench = await session.open(fixture, { trust: true, label: 'undo' });
    await workbench.openFile('calc.py');
    await showProposal(workbench, proposal('calc.py', calcBefore, calcAfter, 'fixes test_add; 14 tests run, 0 regressions'));
    await workbench.review.waitForPendingHunks(2, 60_000);
    await workbench.review.acceptHunk();
    await workbench.review.waitForPendingHunks(1);
    await workbench.page.keyboard.press('Control+Z');
    await workbench.review.waitForPendingHunks(2);
    await workbench.screenshot('accept-undone');
    expect(await workbench.editor.visibleText()).toContain('    return a - b\n    return a + b');
  });

  it('gives back the exact bytes of a CRLF file without a final newline on Reject All', async () => {
    const workbench = await session.open(fixture, { trust: true, label: 'crlf' });
    const original = 'def greet(name):\r\n    return "hello " + name\r\n\r\n\r\ndef shout(name):\r\n    return greet(name).upper()';
    const file = path.join(workbench.folder, 'crlf.py');
    writeFileSync(file, original);
    await workbench.openFile('crlf.py');
    // As models write it: LF line breaks and a final newline.
    const after = 'def greet(name):\n    return f"hello {name}"\n\n\ndef shout(name):\n    return greet(name).upper() + "!"\n';
    await showProposal(workbench, proposal('crlf.py', original.replace(/\r\n/g, '\n'), after, 'fixes test_shout; 3 tests run, 0 regressions'));
    await workbench.review.waitForPendingHunks(2, 60_000);
    await workbench.screenshot('crlf-review');
    await workbench.review.rejectAll();
    await workbench.review.waitForPendingHunks(0);
    // A line typed by the user proves the save happened; the rest must be the original bytes.
    await workbench.page.keyboard.press('Control+Home');
    await workbench.page.keyboard.type('# reviewed');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.press('Control+S');
    await eventually(() => expect(readFileSync(file, 'utf8')).toBe(`# reviewed\r\n${original}`), { what: 'crlf.py saved' });
  });

  it('cycles candidates, opens the side-by-side diff, and keeps what the user typed into a hunk', async () => {
    const workbench = await session.open(fixture, { trust: true, label: 'candidates-stale' });
    const file = path.join(workbench.folder, 'calc.py');
    await workbench.openFile('calc.py');
    const second = { ...proposal('calc.py', calcBefore, calcBefore.replace('    return a - b\n', '    return b + a\n'), 'fixes test_add; 14 tests run, 0 regressions'), id: 'second', title: 'Fix add (alternative)' };
    await showProposal(workbench, [proposal('calc.py', calcBefore, calcAfter, 'fixes test_add; 14 tests run, 0 regressions'), second]);
    await workbench.review.waitForPendingHunks(2, 60_000);
    await workbench.editor.clickCodeLens(/^Next Candidate \(1 of 2\)/);
    await workbench.editor.waitForCodeLens(/^Next Candidate \(2 of 2\)/);
    await workbench.review.waitForPendingHunks(1);
    await workbench.screenshot('second-candidate');

    await workbench.runCommand('SelfDebug: Open Side-by-Side Diff');
    await workbench.page.getByRole('tab', { name: /calc\.py: Current ↔ SelfDebug Proposal/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await workbench.screenshot('side-by-side');
    await workbench.openFile('calc.py');

    // The user types at the end of the current (red) line: the hunk becomes stale, Accept now asks first.
    await workbench.editor.goToLine(5);
    await workbench.page.keyboard.press('End');
    await workbench.page.keyboard.type(' # mine');
    await workbench.editor.waitForCodeLens('Accept Anyway…');
    await workbench.screenshot('edited-hunk');
    // Rejecting deletes only the proposed line; the typed text stays.
    await workbench.review.rejectHunk();
    await workbench.review.waitForPendingHunks(0);
    await workbench.page.keyboard.press('Control+S');
    await eventually(() => expect(readFileSync(file, 'utf8')).toBe(calcBefore.replace('    return a - b\n', '    return a - b # mine\n')), {
      what: 'calc.py saved with the typed text and without the proposal',
    });
  });

  it('shows the review again after a window reload, and Reject All still gives back the original', async () => {
    const workbench = await session.open(fixture, { trust: true, label: 'reload' });
    const file = path.join(workbench.folder, 'calc.py');
    await workbench.openFile('calc.py');
    await showProposal(workbench, proposal('calc.py', calcBefore, calcAfter, 'fixes test_add; 14 tests run, 0 regressions'));
    await workbench.review.waitForPendingHunks(2, 60_000);
    await workbench.page.waitForTimeout(1_500); // open reviews are stored shortly after each change
    await workbench.runCommand('Developer: Reload Window');
    await workbench.waitForReady();
    await workbench.review.waitForPendingHunks(2, 90_000);
    await workbench.screenshot('after-reload');
    await workbench.review.rejectAll();
    await workbench.review.waitForPendingHunks(0);
    await workbench.page.keyboard.press('Control+Home');
    await workbench.page.keyboard.type('# reviewed');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.press('Control+S');
    await eventually(() => expect(readFileSync(file, 'utf8')).toBe(`# reviewed\n${calcBefore}`), { what: 'calc.py saved as the original' });
  });
});
