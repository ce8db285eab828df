import { cpSync, existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexSession } from '../../../src/core/index/session';

const fixtures = path.resolve(__dirname, '../../fixtures/index');

let scratch: string;
let root: string;
let storageFile: string;
let logged: string[];
const logger = {
  debug: (m: string) => logged.push(m),
  info: (m: string) => logged.push(m),
  warn: (m: string) => logged.push(`warn: ${m}`),
  error: (m: string) => logged.push(`error: ${m}`),
};

beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-session-'));
  root = path.join(scratch, 'project');
  cpSync(path.join(fixtures, 'py'), root, { recursive: true });
  storageFile = path.join(scratch, 'storage', 'index.json.gz');
  logged = [];
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('IndexSession', () => {
  it('builds once for concurrent callers and follows document edits in order', async () => {
    const session = new IndexSession({ root, logger, storageFile });
    try {
      const [a, b] = await Promise.all([session.ready(), session.ready()]);
      expect(a).toBe(b);
      const file = path.join(root, 'shop/tax.py');
      const text = 'def rate(country):\n    return 0.2\n';
      session.documentOpened(file, text);
      const edited = `${text}\n\ndef vat():\n    return rate("FR")\n`;
      session.documentChanged(file, [{ rangeOffset: text.length, rangeLength: 0, text: '\n\ndef vat():\n    return rate("FR")\n' }], edited);
      // The disk changing under an open document does not override the editor's text.
      session.fileChanged(file);
      await session.settled();
      expect(a.symbol('shop/tax.py#vat')).toBeDefined();
      expect(a.edgesFrom('shop/tax.py#vat', 'calls').map((e) => e.to)).toEqual(['shop/tax.py#rate']);
      session.documentClosed(file);
      await session.settled();
      expect(a.symbol('shop/tax.py#vat')).toBeUndefined(); // back to the disk's content
    } finally {
      await session.dispose();
    }
  });

  it('catches up with documents opened and files changed while it was building', async () => {
    const session = new IndexSession({ root, logger });
    const building = session.ready();
    session.documentOpened(path.join(root, 'shop/util.py'), 'def fmt(value):\n    return str(value)\n\ndef extra():\n    pass\n');
    writeFileSync(path.join(root, 'shop/new.py'), 'def fresh():\n    pass\n');
    session.fileChanged(path.join(root, 'shop/new.py'));
    const index = await building;
    await session.settled();
    expect(index.symbol('shop/util.py#extra')).toBeDefined();
    expect(index.symbol('shop/new.py#fresh')).toBeDefined();
    unlinkSync(path.join(root, 'shop/new.py'));
    session.fileDeleted(path.join(root, 'shop/new.py'));
    await session.settled();
    expect(index.symbol('shop/new.py#fresh')).toBeUndefined();
    await session.dispose();
  });

  it('saves the index and a later session re-parses only what changed', async () => {
    const first = new IndexSession({ root, logger, storageFile, saveDelayMs: 10 });
    await first.ready();
    await first.dispose();
    expect(existsSync(storageFile)).toBe(true);

    writeFileSync(path.join(root, 'shop/tax.py'), 'def rate(country):\n    return 0.5\n\n\ndef zero():\n    return 0\n');
    const progress: number[] = [];
    const second = new IndexSession({ root, logger, storageFile });
    const index = await second.ready({ onProgress: (_done, total) => progress.push(total) });
    expect(progress[0]).toBe(1);
    expect(index.symbol('shop/tax.py#zero')).toBeDefined();
    expect(logged.join('\n')).toMatch(/restored 8 files/);
    await second.dispose();
  });

  it('ignores a damaged saved index and builds from scratch', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(storageFile), { recursive: true });
    writeFileSync(storageFile, 'not gzip');
    const session = new IndexSession({ root, logger, storageFile });
    expect((await session.ready()).stats().files).toBe(8);
    await session.dispose();
  });

  it('lets a caller stop waiting without stopping the build, and refuses work after dispose', async () => {
    const session = new IndexSession({ root, logger });
    const controller = new AbortController();
    const waiting = session.ready({ signal: controller.signal });
    controller.abort(new Error('user gave up'));
    await expect(waiting).rejects.toThrow('user gave up');
    expect((await session.ready()).stats().files).toBe(8);
    await session.dispose();
    await expect(session.ready()).rejects.toThrow(/disposed/);
  });

  it('stops a build when disposed', async () => {
    const session = new IndexSession({ root, logger });
    const building = session.ready();
    await session.dispose();
    await expect(building).rejects.toThrow(/closed/);
  });
});
