import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../../src/core/exec/protocol';
import { ExecUnavailableError } from '../../../src/core/exec/types';
import { CheckWorker, WorkerDiedError } from '../../../src/core/exec/worker';
import { silentLogger } from '../../../src/core/ports/console';

/** A fake worker: a Node script that says it is ready, then answers every request with `answer`. */
function fakeWorker(answer: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fake-worker-'));
  const file = path.join(dir, 'worker.js');
  writeFileSync(
    file,
    `const fs = require('fs');
const out = fs.createWriteStream(null, { fd: 4 });
out.write(JSON.stringify({ type: 'ready', pid: process.pid }) + '\\n');
fs.createReadStream(null, { fd: 3, encoding: 'utf8' }).on('data', () => out.write(${JSON.stringify(answer)} + '\\n'));
setInterval(() => {}, 1000);`,
  );
  return file;
}

const run = { code: 'x', suite: 's', timeoutMs: 100, loadTimeoutMs: 100, memoryMb: 64, outputLimit: 100 };

describe('CheckWorker protocol', () => {
  it('kills a worker that answers garbage and fails the request', async () => {
    const worker = await CheckWorker.start({ name: 'fake', command: process.execPath, args: [fakeWorker('{"type":"result","req":"one"}')], cwd: os.tmpdir() }, silentLogger);
    await expect(worker.run(run, 10_000)).rejects.toThrow(WorkerDiedError);
    expect(worker.alive).toBe(false);
  });

  it('kills a worker that never answers, when the watchdog fires', async () => {
    const worker = await CheckWorker.start({ name: 'fake', command: process.execPath, args: [fakeWorker('')], cwd: os.tmpdir() }, silentLogger);
    await expect(worker.run(run, 300)).rejects.toThrow(/no answer within 300 ms/);
  });

  it('reports a worker command that does not exist', async () => {
    await expect(CheckWorker.start({ name: 'python', command: 'selfdebug-no-such-python', args: [], cwd: os.tmpdir() }, silentLogger)).rejects.toThrow(ExecUnavailableError);
  });

  it('validates answers against the schema', () => {
    expect(parseAnswer('{"type":"result","req":1,"load":{"status":"ok"},"checks":[{"id":"a","status":"pass"}],"ms":1}').ok).toBe(true);
    expect(parseAnswer('{"type":"result","req":1,"load":{"status":"ok"},"checks":[{"id":"a","status":"maybe"}],"ms":1}')).toMatchObject({ ok: false });
    expect(parseAnswer('not json')).toMatchObject({ ok: false, reason: expect.stringContaining('not JSON') });
  });
});
