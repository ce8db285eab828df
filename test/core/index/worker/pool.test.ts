import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile, hashText } from '../../../../src/core/index/analyzer';
import { createParsePool } from '../../../../src/core/index/worker/pool';
import { WorkspaceIndex } from '../../../../src/core/index/workspaceIndex';
import { buildParseWorker } from '../support/parseWorkerBundle';

const fixtures = path.resolve(__dirname, '../../../fixtures/index');
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let workerScript: string;
let scratch: string;

beforeAll(async () => {
  workerScript = await buildParseWorker();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-pool-'));
});
afterAll(() => {
  rmSync(path.dirname(workerScript), { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('parse worker pool', () => {
  it('parses in worker threads with the same result as in this thread', async () => {
    const pool = createParsePool({ threads: 2, workerScript });
    try {
      expect(pool.mode).toBe('threads');
      const request = { absolute: path.join(fixtures, 'py/shop/cart.py'), path: 'shop/cart.py', language: 'python' as const };
      const [threaded, local] = await Promise.all([pool.run({ op: 'analyzeFile', ...request }), analyzeFile(request)]);
      expect(threaded).toEqual(local);
    } finally {
      await pool.dispose();
    }
  });

  it('keeps a document on one worker so edits re-parse incrementally', async () => {
    const pool = createParsePool({ threads: 3, workerScript });
    try {
      const text = 'def a():\n    return 1\n\n\ndef b():\n    return 2\n';
      await pool.run({ op: 'openDocument', path: 'm.py', language: 'python', text });
      for (let i = 0; i < 5; i++) {
        const at = text.indexOf('return 2');
        const newText = `${text.slice(0, at)}return ${i}${text.slice(at + 'return 2'.length)}`;
        const outcome = await pool.run({ op: 'editDocument', path: 'm.py', language: 'python', changes: [{ rangeOffset: at, rangeLength: 8, text: `return ${i}` }], expected: { hash: hashText(newText) } });
        expect(outcome?.ok && outcome.analysis.patch !== undefined).toBe(true);
      }
      expect(await pool.run({ op: 'closeDocument', path: 'm.py' })).toBeUndefined();
      // A closed (or never opened) document cannot take an edit by hash: the index must resend it.
      const stale = await pool.run({ op: 'editDocument', path: 'm.py', language: 'python', changes: [], expected: { hash: hashText(text) } });
      expect(stale).toEqual({ ok: false, path: 'm.py', reason: 'outOfSync' });
    } finally {
      await pool.dispose();
    }
  });

  it('fails the tasks of a worker that dies, then starts a new one', async () => {
    const dying = path.join(scratch, 'dying.js');
    writeFileSync(dying, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    const pool = createParsePool({ threads: 1, workerScript: dying, logger: quiet });
    try {
      await expect(pool.run({ op: 'analyzeText', path: 'a.py', language: 'python', text: 'x' })).rejects.toThrow(/exited with code 3/);
      await expect(pool.run({ op: 'analyzeText', path: 'a.py', language: 'python', text: 'x' })).rejects.toThrow(/exited with code 3/);
    } finally {
      await pool.dispose();
    }
  });

  it('kills a worker that hangs past the task timeout', async () => {
    const hanging = path.join(scratch, 'hanging.js');
    writeFileSync(hanging, "require('node:worker_threads').parentPort.on('message', () => { for (;;) {} });\n");
    const pool = createParsePool({ threads: 1, workerScript: hanging, taskTimeoutMs: 300 });
    try {
      await expect(pool.run({ op: 'analyzeText', path: 'a.py', language: 'python', text: 'x' })).rejects.toThrow(/longer than 300 ms/);
    } finally {
      await pool.dispose();
    }
  });

  it('parses in this thread when asked for no threads or when there is no worker bundle', async () => {
    expect(createParsePool({ threads: 0, workerScript }).mode).toBe('in-thread');
    const logged: string[] = [];
    const pool = createParsePool({ workerScript: path.join(scratch, 'missing.js'), logger: { ...quiet, debug: (m) => logged.push(m) } });
    expect(pool.mode).toBe('in-thread');
    expect(logged.join()).toMatch(/no parse worker/);
    await pool.dispose();
  });

  it('refuses work after dispose', async () => {
    const pool = createParsePool({ threads: 1, workerScript });
    await pool.dispose();
    await expect(pool.run({ op: 'closeDocument', path: 'x' })).rejects.toThrow(/disposed/);
  });

  it('builds the same workspace index with workers as without', async () => {
    const threaded = await WorkspaceIndex.build(path.join(fixtures, 'ts'), { workerScript, threads: 2, logger: quiet });
    const local = await WorkspaceIndex.build(path.join(fixtures, 'ts'), { threads: 0, logger: quiet });
    try {
      const { ms: _a, ...a } = threaded.stats();
      const { ms: _b, ...b } = local.stats();
      expect(a).toEqual(b);
      expect(threaded.symbols()).toEqual(expect.arrayContaining(local.symbols()));
    } finally {
      await threaded.dispose();
      await local.dispose();
    }
  });
});
