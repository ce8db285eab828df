import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/ports/console';
import { CheckPool } from '../../../src/core/exec/pool';
import type { CandidateRun, Check, ExecLanguage } from '../../../src/core/exec/types';

const pool = new CheckPool({ logger: silentLogger, size: 2 });
afterAll(() => pool.dispose());

const limits = { timeoutMs: 250, memoryMb: 64, maxTimeouts: undefined };

function statuses(run: CandidateRun): Record<string, string> {
  return Object.fromEntries(run.checks.map((c) => [c.id, c.status]));
}

function runChecks(checks: Check[], code: string, language: ExecLanguage = 'javascript'): Promise<CandidateRun> {
  return pool.run({ language, code, suite: { id: `t${Math.random()}`, checks }, limits });
}

const jsCandidate = 'function double(x) {\n  console.log("called", x);\n  return 2 * x;\n}\n';

describe('Node check worker', () => {
  it('loads a JS candidate once and reports pass, fail and error per check', async () => {
    const run = await runChecks(
      [
        { id: 'pass', code: 'assert.strictEqual(double(2), 4)' },
        { id: 'fail', code: 'assert.strictEqual(double(2), 5)' },
        { id: 'error', code: 'double(2).nope()' },
        { id: 'syntax', code: 'assert.ok(((' },
        { id: 'value', code: 'double(21)', kind: 'eval' },
        { id: 'object', code: '({ b: [double(1)], a: "x" })', kind: 'eval' },
      ],
      jsCandidate,
    );
    expect(run.load.status).toBe('ok');
    expect(statuses(run)).toEqual({ pass: 'pass', fail: 'fail', error: 'error', syntax: 'error', value: 'pass', object: 'pass' });
    expect(run.checks[0].output).toBe('called 2\n');
    expect(run.checks[4].value).toBe('42');
    expect(run.checks[5].value).toBe("{ a: 'x', b: [ 2 ] }");
  });

  it('survives sync and async loops, exit, floods and memory hogs', async () => {
    const run = await runChecks(
      [
        { id: 'loop', code: 'while (true) {}' },
        { id: 'async-loop', code: '(async () => { await null; while (true) {} })()' },
        { id: 'exit', code: 'process.exit(1)' },
        { id: 'flood', code: 'for (;;) console.log("x".repeat(1000))' },
        { id: 'alloc', code: 'const hog = []; for (;;) hog.push(new Array(1e7).fill(1.5))' },
        { id: 'recursion', code: 'const down = (n) => down(n + 1); down(0)' },
        { id: 'after', code: 'assert.strictEqual(double(1), 2)' },
      ],
      jsCandidate,
    );
    expect(statuses(run)).toEqual({
      loop: 'timeout',
      'async-loop': 'timeout',
      exit: 'error',
      flood: 'timeout',
      alloc: 'error',
      recursion: 'error',
      after: 'pass',
    });
    expect(run.checks.find((c) => c.id === 'alloc')?.message).toMatch(/memory/i);
    expect(run.checks.find((c) => c.id === 'exit')?.message).toContain('process.exit(1)');
  }, 30_000);

  it('strips TypeScript types and module syntax', async () => {
    const code = 'export function add(a: number, b: number): number {\n  return a + b;\n}\ninterface Unused { x: number }\n';
    const run = await runChecks([{ id: 'sum', code: 'assert.strictEqual(add(2, 3) as number, 5)' }], code, 'typescript');
    expect(run.load.status).toBe('ok');
    expect(statuses(run)).toEqual({ sum: 'pass' });
  });

  it('reports a candidate that does not load', async () => {
    const run = await runChecks([{ id: 'a', code: 'assert.ok(true)' }], 'function broken( {');
    expect(run.load.status).toBe('error');
    expect(run.checks[0].status).toBe('error');
  });
});
