// The testing feature against a fake VS Code: runs as tasks, Test Explorer outcomes, code lenses
// on failing tests that follow edits and go away when the test passes, workspace trust, and
// cancelling from the terminal. The runner is real (node --test on a copy of the fixture).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('vscode', async () => await import('./fakeVscode'));

import { silentLogger } from '../../../src/core/ports/console';
import { runTests } from '../../../src/core/testing/runTests';
import type { TestRef } from '../../../src/core/testing/types';
import { Services } from '../../../src/vscode/services';
import { testingFeature } from '../../../src/vscode/testing/feature';
import type { TestingService } from '../../../src/vscode/testing/service';
import { fake, Position, TestRunProfileKind, TestRunRequest, Uri, type FakeTestItem, type Range, type TestMessage } from './fakeVscode';

const fixtures = path.resolve(__dirname, '../../fixtures');

function copyFixture(name: string): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'selfdebug-vscode-testing-')), name);
  cpSync(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

async function activate(folder: string) {
  fake.folders = [{ uri: Uri.file(folder), name: path.basename(folder), index: 0 }];
  const output = { show: vi.fn() };
  const services = new Services({ subscriptions: [] } as never, silentLogger, output as never);
  const handlers = await testingFeature.activate(services);
  return { services, handlers, testing: services.get('testing') as TestingService };
}

const lensTitles = (file: string) => fake.lenses(fake.document(file)).map((l) => `${l.range.start.line + 1} ${l.command!.title}`);

beforeEach(() => fake.reset());

describe('testing feature', () => {
  it('runs the tests as a task, publishes outcomes to the Test Explorer and puts code lenses on failing tests', async () => {
    const folder = copyFixture('node-test');
    const { handlers } = await activate(folder);
    const result = await handlers['selfdebug.runTests']!();
    expect(result).toMatchObject({ passed: 3, failed: 3, skipped: 1 });

    // The task terminal: named after what runs, shows the runner's output and the summary, closes with the exit code.
    await vi.waitFor(() => expect(fake.tasks[0]?.exitCode).toBe(1));
    expect(fake.tasks[0]!.name).toBe('node-test all tests');
    expect(fake.tasks[0]!.definition.type).toBe('selfdebug');
    expect(fake.tasks[0]!.text).toContain('multiplies price by quantity');
    expect(fake.tasks[0]!.text).toMatch(/SelfDebug: 3 passed, 3 failed, 1 skipped in [\d.]+ s\r\n$/);
    expect(fake.tasks[0]!.text).not.toMatch(/[^\r]\n/);

    // Test Explorer: items with ranges, a diff message with location and stack for the failure.
    const run = fake.controllers[0]!.runs[0]!;
    expect(run.ended).toBe(true);
    const states = run.outcomes.map((o) => `${o.state} ${o.item.label}`);
    expect(states).toEqual(expect.arrayContaining(['failed multiplies price by quantity', 'passed takes ten percent off', 'skipped stacks coupons']));
    const failed = run.outcomes.find((o) => o.item.label === 'multiplies price by quantity')!;
    expect(failed.item.range!.start.line).toBe(9);
    const message = failed.message as TestMessage;
    expect(message).toMatchObject({ expectedOutput: '6', actualOutput: '2' });
    expect(message.location!.uri.fsPath).toBe(path.join(folder, 'tests/cart.test.js'));
    expect((message.location!.range as Position).line).toBe(10);
    expect(message.stackTrace![0]).toMatchObject({ label: expect.any(String), position: { line: 10 } });
    const fileItem = fake.controllers[0]!.items.get(`${folder}::tests/cart.test.js`) as FakeTestItem;
    expect(fileItem.children.get(`${folder}::tests/cart.test.js::Cart`)!.children.size).toBe(4);

    // Code lenses above each failing test, passing a TestRef.
    const cart = path.join(folder, 'tests/cart.test.js');
    expect(lensTitles(cart)).toEqual([
      '10 $(wand) Fix with SelfDebug',
      '10 Explain failure',
      '10 Rerun',
      '14 $(wand) Fix with SelfDebug',
      '14 Explain failure',
      '14 Rerun',
    ]);
    const fix = fake.lenses(fake.document(cart))[0]!.command!;
    expect(fix.command).toBe('selfdebug.fixFailingTest');
    expect(fix.arguments).toEqual([{ folder, testId: 'tests/cart.test.js::Cart > multiplies price by quantity', file: 'tests/cart.test.js', line: 10 } satisfies TestRef]);
    expect(fake.statusBar[0]).toContain('node-test: 3 passed, 3 failed, 1 skipped');
  });

  it('moves the lenses with the test when the file is edited, and removes them when a rerun passes', async () => {
    const folder = copyFixture('node-test');
    const { handlers, testing } = await activate(folder);
    await handlers['selfdebug.runTests']!();
    const cart = path.join(folder, 'tests/cart.test.js');
    const doc = fake.document(cart);
    doc.setText(`// a comment\n// another\n${doc.getText()}`);
    expect(fake.lenses(doc).map((l) => l.range.start.line + 1)).toEqual([12, 12, 12, 16, 16, 16]);

    let refreshed = 0;
    fake.codeLensProviders[0]!.onDidChangeCodeLenses!(() => refreshed++);
    const code = path.join(folder, 'src/cart.js');
    writeFileSync(code, readFileSync(code, 'utf8').replace('sum + item.price,', 'sum + item.price * item.quantity,'));
    const rerun = fake.lenses(fake.document(cart)).find((l) => l.command!.title === 'Rerun')!;
    const result = await handlers['selfdebug.rerunTest']!(...rerun.command!.arguments!);
    expect(result).toMatchObject({ passed: 1, failed: 0 });
    expect(fake.tasks.at(-1)!.name).toBe('node-test tests/cart.test.js::Cart > multiplies price by quantity');
    expect(refreshed).toBeGreaterThan(0);
    expect(lensTitles(cart)).toEqual(['14 $(wand) Fix with SelfDebug', '14 Explain failure', '14 Rerun']);
    expect(testing.failure({ folder, testId: 'tests/cart.test.js::Cart > multiplies price by quantity' })).toBeUndefined();
    expect(testing.failure({ folder, testId: 'tests/cart.test.js::Cart > applies a discount given as an object' })?.message).toMatch(/TypeError/);
  });

  it('refuses to run in an untrusted workspace and says why', async () => {
    const folder = copyFixture('node-test');
    const { handlers } = await activate(folder);
    fake.trusted = false;
    fake.answers.push('Manage Workspace Trust');
    expect(await handlers['selfdebug.runTests']!()).toBeUndefined();
    expect(fake.tasks).toEqual([]);
    expect(fake.messages[0]!.text).toMatch(/only in a trusted workspace/);
    expect(fake.executed).toEqual([{ command: 'workbench.trust.manage', args: [] }]);
  });

  it('cancels the run when the user closes its terminal', async () => {
    const folder = copyFixture('node-test-hang');
    const { testing } = await activate(folder);
    const running = testing.run({ folder });
    await vi.waitFor(() => expect(fake.tasks[0]?.text).toContain('is quick'), { timeout: 15_000 });
    fake.tasks[0]!.terminal.close();
    const result = await running;
    expect(result.cancelled).toBe(true);
    expect(result.runnerError).toMatch(/Cancelled/);
  });

  it('runs what the Test Explorer asks for through its run profile', async () => {
    const folder = copyFixture('node-test');
    await activate(folder);
    const controller = fake.controllers[0]!;
    // No items yet: running everything creates them.
    await controller.profiles[0]!.handler(new TestRunRequest(), { onCancellationRequested: () => ({ dispose() {} }) });
    const fileItem = controller.items.get(`${folder}::tests/names.test.js`)!;
    await controller.profiles[0]!.handler(new TestRunRequest([fileItem]), { onCancellationRequested: () => ({ dispose() {} }) });
    const last = controller.runs.at(-1)!;
    expect(last.outcomes.map((o) => `${o.state} ${o.item.label}`).sort()).toEqual(['failed compares objects', 'passed passes at top level']);
    expect(fake.tasks.at(-1)!.name).toBe('node-test tests/names.test.js');
  });

  it('lists the test files in the Test Explorer before any run, runs one from there, and follows files created and deleted', async () => {
    const folder = copyFixture('node-test');
    await activate(folder);
    const controller = fake.controllers[0]!;
    await controller.resolveHandler!(undefined);
    expect(controller.items.all().map((i) => i.label)).toEqual(['tests/cart.test.js', 'tests/names.test.js']);

    // Running a listed file fills in its tests under the same item.
    const names = controller.items.get(`${folder}::tests/names.test.js`)!;
    await controller.profiles[0]!.handler(new TestRunRequest([names]), { onCancellationRequested: () => ({ dispose() {} }) });
    expect(fake.tasks.at(-1)!.name).toBe('node-test tests/names.test.js');
    expect(controller.items.size).toBe(2);
    expect(names.children.size).toBeGreaterThan(0);

    // Expanding a file shows the tests declared in it, at their lines, before any run of it.
    const cartFile = controller.items.get(`${folder}::tests/cart.test.js`)!;
    expect(cartFile.canResolveChildren).toBe(true);
    await controller.resolveHandler!(cartFile);
    const cart = cartFile.children.get(`${folder}::tests/cart.test.js::Cart`)!;
    expect(cart.children.all().map((i) => `${i.range!.start.line + 1} ${i.label}`)).toEqual([
      '6 totals an empty cart as zero',
      '10 multiplies price by quantity',
      '14 applies a discount given as an object',
      '18 discounts',
    ]);

    // A new test file appears, a support file does not, a deleted folder takes its files along.
    const watcher = fake.watchers[0]!;
    writeFileSync(path.join(folder, 'tests/total.test.js'), "import test from 'node:test';\n");
    watcher.created.fire(Uri.file(path.join(folder, 'tests/total.test.js')));
    watcher.created.fire(Uri.file(path.join(folder, 'src/helpers.js')));
    watcher.created.fire(Uri.file(path.join(folder, 'node_modules/dep/a.test.js')));
    expect(controller.items.all().map((i) => i.label)).toEqual(['tests/cart.test.js', 'tests/names.test.js', 'tests/total.test.js']);
    watcher.deleted.fire(Uri.file(path.join(folder, 'tests/cart.test.js')));
    expect(controller.items.all().map((i) => i.label)).toEqual(['tests/names.test.js', 'tests/total.test.js']);
    watcher.deleted.fire(Uri.file(path.join(folder, 'tests')));
    expect(controller.items.size).toBe(0);
  });

  it('follows the edits of an open test file, and a run reports on the same items', async () => {
    const folder = copyFixture('node-test');
    const file = path.join(folder, 'tests/names.test.js');
    const document = fake.document(file);
    fake.openDocuments = [document];
    await activate(folder);
    const controller = fake.controllers[0]!;
    await controller.resolveHandler!(undefined);
    const names = controller.items.get(`${folder}::tests/names.test.js`)!;
    // An open test file is read at once, so its gutter has run buttons.
    await vi.waitFor(() => expect(names.children.size).toBeGreaterThan(0));
    const before = names.children.all().map((i) => i.label);
    expect(before).toContain('compares objects');

    // Renaming a test in the editor (unsaved) replaces its item.
    document.setText(document.getText().replace("'compares objects'", "'compares records'"));
    fake.documentChanged.fire({ document });
    await vi.waitFor(() => expect(names.children.all().map((i) => i.label)).toContain('compares records'), { timeout: 3000 });
    expect(names.children.all().map((i) => i.label)).not.toContain('compares objects');

    // Saved and run: the outcomes land on the discovered items, not on copies.
    writeFileSync(file, document.getText());
    const discovered = names.children.get(`${folder}::tests/names.test.js::compares records`)!;
    await controller.profiles[0]!.handler(new TestRunRequest([names]), { onCancellationRequested: () => ({ dispose() {} }) });
    const outcome = controller.runs.at(-1)!.outcomes.find((o) => o.item.label === 'compares records')!;
    expect(outcome.item).toBe(discovered);
    expect(outcome.state).toBe('failed');
  });

  it('runs with coverage from the Test Explorer: outcomes on the items, line coverage per file and per test', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-vscode-coverage-'));
    writeFileSync(path.join(folder, 'pytest.ini'), '[pytest]\n');
    writeFileSync(path.join(folder, 'calc.py'), 'def add(a, b):\n    total = a + b\n    return total\n\n\ndef unused(x):\n    return -x\n');
    mkdirSync(path.join(folder, 'tests'));
    writeFileSync(path.join(folder, 'tests/test_calc.py'), 'from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\ndef test_add_wrong():\n    assert add(1, 1) == 3\n');
    await activate(folder);
    const controller = fake.controllers[0]!;
    const profile = controller.profiles.find((p) => p.kind === TestRunProfileKind.Coverage)!;
    expect(profile.label).toBe('Run with Coverage (SelfDebug)');
    await profile.handler(new TestRunRequest(), { onCancellationRequested: () => ({ dispose() {} }) });

    const run = controller.runs.at(-1)!;
    expect(run.ended).toBe(true);
    expect(run.outcomes.map((o) => `${o.state} ${o.item.label}`).sort()).toEqual(['failed test_add_wrong', 'passed test_add']);
    expect(run.coverage.map((c) => `${path.basename(c.uri.fsPath)} ${c.statementCoverage.covered}/${c.statementCoverage.total}`)).toEqual(['calc.py 2/3']);
    const statements = await profile.loadDetailedCoverage!(run, run.coverage[0]!);
    expect(statements.map((st) => `${(st.location as Range).start.line + 1}:${st.executed}`)).toEqual(['2:1', '3:1', '7:0']);
    expect((statements[0]!.location as Range).start.character).toBe(4);
    // Per test: both tests ran add, neither ran unused.
    const included = run.coverage[0]!.includesTests!.map((i) => i.label).sort();
    expect(included).toEqual(['test_add', 'test_add_wrong']);
    const forOne = await profile.loadDetailedCoverageForTest!(run, run.coverage[0]!, run.coverage[0]!.includesTests![0]!);
    expect(forOne.map((st) => st.executed)).toEqual([1, 1, 0]);
    expect(run.output).toMatch(/2 tests; 2 of 3 statement lines in 1 files ran/);
  });

  it('refuses to run with coverage in an untrusted workspace', async () => {
    const folder = copyFixture('node-test');
    fake.trusted = false;
    await activate(folder);
    const controller = fake.controllers[0]!;
    const profile = controller.profiles.find((p) => p.kind === TestRunProfileKind.Coverage)!;
    await profile.handler(new TestRunRequest(), { onCancellationRequested: () => ({ dispose() {} }) });
    expect(controller.runs).toHaveLength(0);
    expect(fake.messages.at(-1)!.text).toMatch(/only in a trusted workspace/);
  });

  it('lists nothing, and says so in the log, when no framework is found', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-vscode-testing-empty-'));
    writeFileSync(path.join(folder, 'notes.js'), 'module.exports = 1;\n');
    await activate(folder);
    const controller = fake.controllers[0]!;
    await controller.resolveHandler!(undefined);
    expect(controller.items.size).toBe(0);
    expect(fake.watchers).toHaveLength(0);
  });

  it('presents candidate runs as tasks without touching the user\'s results', async () => {
    const folder = copyFixture('node-test');
    const { handlers, testing } = await activate(folder);
    await handlers['selfdebug.runTests']!();
    const code = readFileSync(path.join(folder, 'src/cart.js'), 'utf8').replace('sum + item.price,', 'sum + item.price * item.quantity,');
    const candidate = await runTests({ folder, file: 'tests/cart.test.js', overlay: { 'src/cart.js': code }, presenter: testing, label: 'candidate 1/2' });
    expect(candidate.failed).toBe(1);
    expect(fake.tasks.at(-1)!.name).toBe('node-test tests/cart.test.js — candidate 1/2');
    expect(testing.results(folder)!.failures).toHaveLength(3);
  });
});
