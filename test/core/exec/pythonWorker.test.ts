import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/ports/console';
import { CheckPool } from '../../../src/core/exec/pool';
import type { CandidateRun, Check } from '../../../src/core/exec/types';

const pool = new CheckPool({ logger: silentLogger, size: 2 });
afterAll(() => pool.dispose());

const candidate = 'def double(x):\n    print("called", x)\n    return 2 * x\n';
const limits = { timeoutMs: 250, memoryMb: 256, maxTimeouts: undefined };

function statuses(run: CandidateRun): Record<string, string> {
  return Object.fromEntries(run.checks.map((c) => [c.id, c.status]));
}

async function runChecks(checks: Check[], code = candidate, entryPoint?: string): Promise<CandidateRun> {
  return pool.run({ language: 'python', code, suite: { id: `t${Math.random()}`, checks }, limits, entryPoint });
}

describe('Python check worker', () => {
  it('loads a candidate once and reports pass, fail and error per check', async () => {
    const run = await runChecks([
      { id: 'pass', code: 'assert double(2) == 4' },
      { id: 'fail', code: 'assert double(2) == 5, "two twice"' },
      { id: 'error', code: 'double(None) + undefined_name' },
      { id: 'syntax', code: 'assert (((' },
    ]);
    expect(run.load.status).toBe('ok');
    expect(statuses(run)).toEqual({ pass: 'pass', fail: 'fail', error: 'error', syntax: 'error' });
    expect(run.checks[1].message).toContain('two twice');
    expect(run.checks[0].output).toBe('called 2\n');
    expect(run.restarts).toBe(1);
  });

  it('survives loops, exits, floods, memory hogs and deep recursion, and keeps going', async () => {
    const run = await runChecks([
      { id: 'loop', code: 'while True: pass' },
      { id: 'sys-exit', code: 'import sys; sys.exit(3)' },
      { id: 'os-exit', code: 'import os; os._exit(1)' },
      { id: 'flood', code: 'while True: print("x" * 1000)' },
      { id: 'alloc', code: 'hog = []\nwhile True: hog.append(" " * 10**6)' },
      { id: 'recursion', code: 'def down(n): return down(n + 1)\ndown(0)' },
      { id: 'stdout', code: 'import sys, os; sys.stdout.close(); os.close(1); print("gone")' },
      { id: 'after', code: 'assert double(1) == 2' },
    ]);
    expect(statuses(run)).toEqual({
      loop: 'timeout',
      'sys-exit': 'error',
      'os-exit': 'error',
      flood: 'timeout',
      alloc: 'error',
      recursion: 'error',
      stdout: 'pass',
      after: 'pass',
    });
    expect(run.checks.find((c) => c.id === 'alloc')?.message).toContain('MemoryError');
    expect(run.checks.find((c) => c.id === 'recursion')?.message).toContain('RecursionError');
    expect(run.checks.find((c) => c.id === 'flood')!.output!.length).toBeLessThan(2100);
    // os._exit killed the candidate process: the rest ran in a fresh one.
    expect(run.restarts).toBe(2);
  });

  it('stops a check that swallows its timeout and runs the rest in a new process', async () => {
    const run = await runChecks([
      { id: 'stubborn', code: 'import time\nwhile True:\n    try:\n        time.sleep(10)\n    except BaseException:\n        pass' },
      { id: 'after', code: 'assert double(3) == 6' },
    ]);
    expect(statuses(run)).toEqual({ stubborn: 'timeout', after: 'pass' });
    expect(run.checks[0].message).toContain('stopped');
    expect(run.restarts).toBe(2);
  });

  it('reports a candidate that does not load on every check', async () => {
    const broken = await runChecks([{ id: 'a', code: 'assert True' }], 'def double(x):\n    return (\n');
    expect(broken.load.status).toBe('error');
    expect(broken.load.message).toContain('SyntaxError');
    expect(statuses(broken)).toEqual({ a: 'error' });
    const exits = await runChecks([{ id: 'a', code: 'assert True' }], 'import sys\nsys.exit(0)\n');
    expect(exits.load.status).toBe('error');
    const hangs = await pool.run({
      language: 'python',
      code: 'while True: pass\n',
      suite: { id: 'hang', checks: [{ id: 'a', code: 'assert True' }] },
      limits: { loadTimeoutMs: 300 },
    });
    expect(hangs.load.status).toBe('timeout');
    expect(hangs.checks[0].status).toBe('timeout');
  });

  it('evaluates expressions and returns their repr', async () => {
    const run = await runChecks([
      { id: 'value', code: 'double(21)', kind: 'eval' },
      { id: 'text', code: 'str(double(2)) + "!"', kind: 'eval' },
      { id: 'raises', code: 'double(None)', kind: 'eval' },
    ]);
    expect(run.checks.map((c) => [c.status, c.value])).toEqual([
      ['pass', '42'],
      ['pass', "'4!'"],
      ['error', undefined],
    ]);
  });

  it('gives a fresh check a newly loaded candidate', async () => {
    const code = 'seen = []\ndef remember(x):\n    seen.append(x)\n    return len(seen)\n';
    const run = await runChecks(
      [
        { id: 'first', code: 'remember(1)', kind: 'eval' },
        { id: 'second', code: 'remember(1)', kind: 'eval' },
        { id: 'fresh', code: 'remember(1)', kind: 'eval', fresh: true },
      ],
      code,
    );
    expect(run.checks.map((c) => c.value)).toEqual(['1', '2', '1']);
  });

  it('does not rerun an entry-point call that already timed out', async () => {
    const code = 'def spin(n):\n    while n > 0:\n        pass\n    return n\n';
    const checks: Check[] = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, code: 'assert spin(1) == 0' }));
    checks.push({ id: 'other', code: 'assert spin(0) == 0' });
    const started = Date.now();
    const run = await runChecks(checks, code, 'spin');
    expect(run.checks.map((c) => c.status)).toEqual(['timeout', 'timeout', 'timeout', 'timeout', 'timeout', 'timeout', 'pass']);
    // One real timeout, then five answered at once.
    expect(run.checks[0].message).toBe('took more than 0.25 s');
    expect(run.checks.slice(1, 6).map((c) => c.message)).toEqual(Array(5).fill('spin() with the same arguments already took more than 0.25 s'));
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('stops running a candidate that used up its timeout budget, except checks that must run', async () => {
    const code = 'def spin(n):\n    while n > 0:\n        pass\n    return n\n';
    const checks: Check[] = [1, 2, 3, 4].map((n) => ({ id: `c${n}`, code: `assert spin(${n}) == 0` }));
    checks.push({ id: 'always', code: 'assert spin(0) == 0', always: true });
    const run = await pool.run({ language: 'python', code, suite: { id: 'budget', checks }, limits: { timeoutMs: 100, maxTimeouts: 2 } });
    expect(run.checks.map((c) => c.status)).toEqual(['timeout', 'timeout', 'timeout', 'timeout', 'pass']);
    expect(run.checks[2].message).toBe('not run: the candidate already ran out of time 2 times');
  });

  it('can give the checks after the budget a shorter timeout instead of skipping them', async () => {
    const code = 'def spin(n):\n    while n > 0:\n        pass\n    return n\n';
    const checks: Check[] = [1, 2].map((n) => ({ id: `c${n}`, code: `assert spin(${n}) == 0` }));
    checks.push({ id: 'quick', code: 'assert spin(0) == 0' }, { id: 'slow', code: 'assert spin(5) == 0' });
    const run = await pool.run({ language: 'python', code, suite: { id: 'short', checks }, entryPoint: 'spin', limits: { timeoutMs: 200, maxTimeouts: 2, exhaustedTimeoutMs: 20 } });
    expect(run.checks.map((c) => [c.status, c.message])).toEqual([
      ['timeout', 'took more than 0.2 s'],
      ['timeout', 'took more than 0.2 s'],
      ['pass', undefined],
      ['timeout', 'took more than 0.02 s'],
    ]);
  });

  it('runs candidates in a temporary folder, not the current one', async () => {
    const run = await runChecks([{ id: 'cwd', code: '__import__("os").getcwd()', kind: 'eval' }]);
    expect(run.checks[0].value).not.toContain(process.cwd());
    expect(run.checks[0].value).toContain('selfdebug-checks-');
  });

  it('shares one run between identical candidates', async () => {
    const suite = { id: 'shared', checks: [{ id: 'a', code: 'assert double(1) == 2' }] };
    let progress = 0;
    const runs = await pool.runMany(
      [candidate, candidate, 'def double(x):\n    return x\n'].map((code) => ({ language: 'python' as const, code, suite, limits })),
      { onProgress: (done) => (progress = done) },
    );
    expect(runs.map((r) => r.checks[0].status)).toEqual(['pass', 'pass', 'fail']);
    expect(runs[0]).toBe(runs[1]);
    expect(progress).toBe(2);
  });

  it('kills the workers when cancelled', async () => {
    const controller = new AbortController();
    const slow = pool.run(
      { language: 'python', code: candidate, suite: { id: 'slow', checks: [{ id: 's', code: 'import time; time.sleep(30)' }] }, limits: { timeoutMs: 20_000 } },
      controller.signal,
    );
    setTimeout(() => controller.abort(), 300);
    await expect(slow).rejects.toThrow(/cancelled/i);
    // The pool is still usable afterwards.
    const again = await runChecks([{ id: 'a', code: 'assert double(1) == 2' }]);
    expect(again.checks[0].status).toBe('pass');
  });
});
