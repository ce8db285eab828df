import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config';
import type { RunPresenter } from '../../../src/core/ports';
import { TestSetupError, runTests, withoutRunnerPlumbing } from '../../../src/core/testing/runTests';

const fixtures = path.resolve(__dirname, '../../fixtures');
const nodeTestFixture = path.join(fixtures, 'node-test');

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-run-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Records what a terminal would show, and when each run started and ended. */
function recordingPresenter(): { presenter: RunPresenter; events: string[]; text: Map<string, string> } {
  const events: string[] = [];
  const text = new Map<string, string>();
  const presenter: RunPresenter = {
    start(title) {
      events.push(`start ${title}`);
      text.set(title, '');
      return {
        write: (chunk) => text.set(title, text.get(title) + chunk),
        end: (code) => events.push(`end ${title} ${code}`),
      };
    },
  };
  return { presenter, events, text };
}

describe('runTests', () => {
  it('mirrors the run into a presenter titled with what runs, then a summary', async () => {
    const { presenter, events, text } = recordingPresenter();
    const result = await runTests({ folder: nodeTestFixture, file: 'tests/names.test.js', presenter, label: 'candidate 3/5' });
    const title = 'node-test tests/names.test.js — candidate 3/5';
    expect(events).toEqual([`start ${title}`, `end ${title} 1`]);
    expect(text.get(title)).toContain('> ');
    expect(text.get(title)).toContain('compares objects');
    expect(text.get(title)).toMatch(/SelfDebug: 1 passed, 1 failed in \d+\.\d s\n$/);
    expect(result.output).toContain('compares objects');
  });

  it('caps the live output of a flooding run and says so', async () => {
    let live = '';
    const result = await runTests({ folder: path.join(fixtures, 'node-test-flood'), maxOutputBytes: 50_000, onOutput: (chunk) => (live += chunk) });
    expect(result.failed).toBe(1);
    expect(live.length).toBeLessThan(100_000 + 200);
    expect(live).toContain('more output not shown; the run goes on');
  });

  it('never runs more than maxParallelRuns at once', async () => {
    const { presenter, events } = recordingPresenter();
    const config = parseConfig({ maxParallelRuns: 1 });
    await Promise.all([1, 2, 3].map((n) => runTests({ folder: nodeTestFixture, file: 'tests/names.test.js', config, presenter, label: `run ${n}` })));
    // With one slot, every start is followed by its own end.
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i + 1]!.replace(/^end (.*) \S+$/, 'start $1')).toBe(events[i]);
    }
    expect(events).toHaveLength(6);
  });

  it('stops a cancelled run and its process tree', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 800);
    const started = Date.now();
    const result = await runTests({ folder: path.join(fixtures, 'node-test-hang'), signal: controller.signal });
    expect(result.cancelled).toBe(true);
    expect(result.runnerError).toMatch(/Cancelled/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('says a run cancelled before it started was not run', async () => {
    const result = await runTests({ folder: nodeTestFixture, signal: AbortSignal.abort() });
    expect(result).toMatchObject({ cancelled: true, passed: 0, runnerError: expect.stringMatching(/Cancelled/) });
  });

  it('reports a JS runner that is not installed instead of running something else', async () => {
    const folder = project({ 'package.json': JSON.stringify({ devDependencies: { vitest: '^4' } }), 'tests/a.test.js': '' });
    const result = await runTests({ folder });
    expect(result.framework).toBe('vitest');
    expect(result.runnerError).toMatch(/vitest is not installed/);
  });

  it('reports a Python without pytest in the runner\'s words', async () => {
    // A "virtualenv" whose python hides site-packages, so pytest cannot be imported.
    const folder = project({ 'pytest.ini': '[pytest]\n', 'tests/test_a.py': 'def test_a(): pass\n', '.venv/pyvenv.cfg': 'home = /usr/bin\n', '.venv/bin/python': '#!/bin/sh\nexec python3 -S -I "$@"\n' });
    chmodSync(path.join(folder, '.venv/bin/python'), 0o755);
    const result = await runTests({ folder });
    expect(result.runnerError).toMatch(/pytest is not installed for this Python \(.*No module named pytest/);
  });

  it('runs a configured command line with SelfDebug\'s options appended', async () => {
    const config = parseConfig({ testCommands: { 'node-test': 'node --no-warnings --test' } });
    const result = await runTests({ folder: nodeTestFixture, file: 'tests/names.test.js', config });
    expect(result.command).toMatch(/^node --no-warnings --test --test-reporter=spec/);
    expect({ passed: result.passed, failed: result.failed }).toEqual({ passed: 1, failed: 1 });
  });

  it('reports a configured command that does not exist', async () => {
    const config = parseConfig({ testCommands: { 'node-test': 'selfdebug-no-such-runner' } });
    const result = await runTests({ folder: nodeTestFixture, config });
    expect(result.runnerError).toMatch(/could not be found/);
  });

  it('refuses folders without a test framework and files outside the folder', async () => {
    await expect(runTests({ folder: project({ 'README.md': '' }) })).rejects.toThrow(TestSetupError);
    await expect(runTests({ folder: nodeTestFixture, file: '../pytest/tests/test_cart.py' })).rejects.toThrow(/outside the folder/);
  });

  it('says "no tests found" for a folder whose runner finds none', async () => {
    const folder = project({ 'pytest.ini': '[pytest]\n', 'tests/helpers.py': 'X = 1\n' });
    const result = await runTests({ folder });
    expect(result.runnerError).toBeUndefined();
    expect(result.passed + result.failed).toBe(0);
    expect(result.errors).toBe(1);
    expect(result.collectionErrors[0]!.message).toMatch(/No tests found[\s\S]*no tests ran/);
  });
});

describe('withoutRunnerPlumbing', () => {
  it('drops the runner frames around the test and keeps what the test called', () => {
    const frame = (file: string, inWorkspace: boolean) => ({ file, line: 1, function: 'f', inWorkspace });
    const stack = [frame('node:internal/x', false), frame('/nm/runner.js', false), frame('tests/a.test.js', true), frame('src/a.js', true), frame('/nm/lib.js', false)];
    expect(withoutRunnerPlumbing(stack).map((f) => f.file)).toEqual(['tests/a.test.js', 'src/a.js', '/nm/lib.js']);
    expect(withoutRunnerPlumbing([frame('/nm/lib.js', false)])).toHaveLength(1);
  });
});
