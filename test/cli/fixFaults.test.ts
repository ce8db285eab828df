// Fault injection: every misbehaviour of the model server ends in a fix or a clear error, with
// the workspace unchanged, no unhandled rejection and no process left behind.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { answers } from '../support/llm/answers';
import type { ScriptReply } from '../support/llm/rules';
import { startScriptedServer, type ScriptedServer } from '../support/llm/scriptedServer';

const fixture = path.resolve(__dirname, '../fixtures/localize-py');
const right = answers.searchReplace('storekit/pricing.py', '        discount = percent_of(subtotal, min(coupon["value"], 5))', '        discount = percent_of(subtotal, min(coupon["value"], 50))', 'python');
let server: ScriptedServer;
let dir: string;
let original: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startScriptedServer({ rules: [] });
  dir = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-faults-'));
  cpSync(fixture, dir, { recursive: true, filter: (src) => !/__pycache__|\.pytest_cache/.test(src) });
  const file = path.join(dir, 'storekit/pricing.py');
  original = readFileSync(file, 'utf8').replace('min(coupon["value"], 50)', 'min(coupon["value"], 5)');
  writeFileSync(file, original);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function fix(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    ['fix', dir, '--json', '--no-coverage', '--candidates', '2', '--rounds', '2', '--test', 'tests/test_pricing.py::test_percent_coupon_is_capped', ...args],
    {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { ...process.env, OPENAI_BASE_URL: server.baseURL, SELFDEBUG_MODEL: 'scripted-coder' },
      cwd: process.cwd(),
      signal: new AbortController().signal,
    },
  );
  return { code, json: JSON.parse(stdout), stderr };
}

function processesUsing(folder: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n');
  // Sandboxes are named after the folder, so its name finds runs of this test and no other.
  return lines.filter((line) => line.includes(path.basename(folder)));
}

const cases: { name: string; first: ScriptReply; then?: ScriptReply; expect: 'fixed' | 'error' | 'not-fixed'; message?: RegExp; args?: string[] }[] = [
  { name: '429 with Retry-After, then an answer', first: { status: 429, retryAfter: 1, error: { message: 'Rate limit reached' } }, then: { content: right }, expect: 'fixed' },
  { name: '500 on every request', first: { status: 500, error: { message: 'upstream exploded' } }, expect: 'error', message: /500|server error|upstream/i },
  { name: 'a connection dropped mid-stream, then an answer', first: { content: right, dropAfterChars: 40 }, then: { content: right }, expect: 'fixed' },
  { name: 'an answer slower than the timeout', first: { content: right, delayMs: 5_000 }, expect: 'error', message: /time/i, args: ['--llm-timeout', '1'] },
  { name: 'an answer with no code', first: { content: answers.noCode() }, expect: 'not-fixed' },
  { name: 'a truncated answer', first: { content: right, truncateAt: 60 }, expect: 'not-fixed' },
  { name: 'a malformed body', first: { malformed: true }, expect: 'not-fixed', message: /No verified fix/ },
];

describe('selfdebug fix against a misbehaving model server', () => {
  for (const c of cases) {
    it(`${c.name}: ends ${c.expect === 'fixed' ? 'fixed' : `in a clear ${c.expect}`}, folder unchanged`, async () => {
      server.setRules([{ name: 'first', times: 1, reply: c.first }, { name: 'then', reply: c.then ?? c.first }]);
      const { code, json, stderr } = await fix(...(c.args ?? []));
      expect(json.status).toBe(c.expect);
      expect(code).toBe({ fixed: 0, 'not-fixed': 1, error: 2 }[c.expect]);
      if (c.message) {
        expect(json.message).toMatch(c.message);
        if (c.expect === 'error') expect(stderr).toMatch(c.message);
      }
      expect(readFileSync(path.join(dir, 'storekit/pricing.py'), 'utf8')).toBe(original);
      expect(processesUsing(dir)).toEqual([]);
    });
  }

  it('left no unhandled rejection behind', () => {
    expect(unhandled).toEqual([]);
  });
});
