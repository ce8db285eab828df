// `selfdebug fix` end to end: real pytest and vitest runs in sandboxes, the real openai SDK
// against the scripted server, bugs seeded into copies of the fixture projects.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, symlinkSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { answers } from '../support/llm/answers';
import type { ScriptRule } from '../support/llm/rules';
import { startScriptedServer, type ScriptedServer } from '../support/llm/scriptedServer';

const fixtures = path.resolve(__dirname, '../fixtures');
let server: ScriptedServer;
const temps: string[] = [];

beforeAll(async () => {
  server = await startScriptedServer({ rules: [] });
});

afterAll(async () => {
  await server.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A copy of a fixture with one bug seeded by replacing `from` with `to` in `file`. */
function seeded(fixture: string, file: string, from: string, to: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-fix-'));
  temps.push(dir);
  cpSync(path.join(fixtures, fixture), dir, { recursive: true, filter: (src) => !/node_modules|__pycache__|\.pytest_cache/.test(src) });
  const target = path.join(dir, file);
  const text = readFileSync(target, 'utf8');
  expect(text).toContain(from);
  writeFileSync(target, text.replace(from, to));
  // JS fixtures resolve their runner from the repository's node_modules.
  if (existsSync(path.join(fixtures, fixture, 'package.json'))) symlinkSync(path.resolve(__dirname, '../../node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Hash of every file under a folder, to prove the fix left it untouched. */
function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      // The linked node_modules is the repository's own, where runners keep their caches.
      if (name === 'node_modules') continue;
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(`${path.relative(dir, full)}\0`).update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

async function fix(dir: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['fix', dir, '--json', '--no-coverage', '--candidates', '2', '--timeout', '120', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { ...process.env, OPENAI_BASE_URL: server.baseURL, SELFDEBUG_MODEL: 'scripted-coder', OPENAI_API_KEY: '' },
    cwd: process.cwd(),
    signal: new AbortController().signal,
  });
  if (process.env.DEBUG_FIX) console.log(stdout, stderr);
  return { code, json: stdout ? JSON.parse(stdout) : undefined, stderr };
}

/** "Right only after feedback": a wrong first answer, the right one once the failure is fed back. */
function rightAfterFeedback(wrong: string, right: string): ScriptRule[] {
  return [
    { name: 'after feedback', match: { lastUser: 'explain, step by step' }, reply: { content: right } },
    { name: 'first try', reply: { content: wrong } },
  ];
}

describe('selfdebug fix', () => {
  it('fixes a Python off-by-one in round 2, after feedback, and leaves the folder untouched', async () => {
    const dir = seeded('localize-py', 'storekit/pricing.py', 'if quantity >= minimum:', 'if quantity > minimum:');
    const before = treeHash(dir);
    server.setRules(
      rightAfterFeedback(
        answers.searchReplace('storekit/pricing.py', '            return percent', '            return percent + 0', 'python'),
        answers.wholeFunction('python', 'def bulk_discount_percent(quantity):\n    for minimum, percent in BULK_TIERS:\n        if quantity >= minimum:\n            return percent\n    return 0\n'),
      ),
    );
    const { code, json, stderr } = await fix(dir);
    expect(stderr).not.toMatch(/error/i);
    expect(json).toMatchObject({ status: 'fixed', rounds: 2, regressions: [] });
    expect(code).toBe(0);
    expect(json.patch).toContain('-        if quantity > minimum:');
    expect(json.patch).toContain('+        if quantity >= minimum:');
    expect(json.fixedTests.length).toBeGreaterThan(0);
    expect(json.tokens.prompt).toBeGreaterThan(0);
    expect(json.tokens.completion).toBeGreaterThan(0);
    expect(treeHash(dir)).toBe(before);
  });

  it('writes the verified patch with --apply', async () => {
    const dir = seeded('localize-py', 'storekit/pricing.py', 'min(coupon["value"], 50)', 'min(coupon["value"], 5)');
    server.setRules([{ reply: { content: answers.searchReplace('storekit/pricing.py', '        discount = percent_of(subtotal, min(coupon["value"], 5))', '        discount = percent_of(subtotal, min(coupon["value"], 50))', 'python') } }]);
    const { code, json } = await fix(dir, '--apply');
    expect(code).toBe(0);
    expect(json).toMatchObject({ status: 'fixed', rounds: 1, applied: true });
    expect(readFileSync(path.join(dir, 'storekit/pricing.py'), 'utf8')).toContain('min(coupon["value"], 50)');
  });

  it('fixes a TypeScript bug with vitest, the model answering with the whole function', async () => {
    const dir = seeded('localize-ts', 'src/duration.ts', 'Math.floor((minutes % MINUTES_PER_DAY) / 60)', 'Math.floor(minutes / 60)');
    const before = treeHash(dir);
    const right = [
      'export function formatDuration(minutes: number): string {',
      "  if (minutes < 0) throw new Error('Negative duration');",
      '  const days = Math.floor(minutes / MINUTES_PER_DAY);',
      '  const hours = Math.floor((minutes % MINUTES_PER_DAY) / 60);',
      '  const rest = minutes % 60;',
      '  const parts: string[] = [];',
      '  if (days > 0) parts.push(`${days}d`);',
      '  if (hours > 0) parts.push(`${hours}h`);',
      '  if (rest > 0 || parts.length === 0) parts.push(`${rest}m`);',
      "  return parts.join(' ');",
      '}',
    ].join('\n');
    const wrong = answers.searchReplace('src/duration.ts', '  if (days > 0) parts.push(`${days}d`);', '  if (days >= 1) parts.push(`${days}d`);', 'typescript');
    server.setRules(rightAfterFeedback(wrong, answers.wholeFunction('typescript', right)));
    const { code, json } = await fix(dir, '--rounds', '3');
    expect(json).toMatchObject({ status: 'fixed', rounds: 2 });
    expect(code).toBe(0);
    expect(json.patch).toContain('+  const hours = Math.floor((minutes % MINUTES_PER_DAY) / 60);');
    expect(treeHash(dir)).toBe(before);
  });

  it('reports not-fixed (exit 1) with what came closest when no candidate is verified', async () => {
    const dir = seeded('localize-py', 'storekit/pricing.py', 'if quantity >= minimum:', 'if quantity > minimum:');
    server.setRules([{ reply: { content: answers.notApplying('storekit/pricing.py') } }]);
    const { code, json } = await fix(dir, '--rounds', '2');
    expect(code).toBe(1);
    expect(json.status).toBe('not-fixed');
    expect(json.message).toMatch(/No verified fix after 2 round/);
    // The feedback to the model says why the edit was rejected.
    const last = server.chatRequests().at(-1)!.view!.lastUser;
    expect(last).toMatch(/could not be used|could not be applied/);
  });

  it('says what is wrong (exit 2) when the endpoint fails, leaving the folder untouched', async () => {
    const dir = seeded('localize-py', 'storekit/pricing.py', 'if quantity >= minimum:', 'if quantity > minimum:');
    const before = treeHash(dir);
    server.setRules([{ reply: { status: 401, error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } } }]);
    const { code, json, stderr } = await fix(dir);
    expect(code).toBe(2);
    expect(json.status).toBe('error');
    expect(stderr).toMatch(/API key/i);
    expect(treeHash(dir)).toBe(before);
  });

  it('explains how to configure a model when none is', async () => {
    let stderr = '';
    const code = await main(['fix', path.join(fixtures, 'localize-py'), '--json'], {
      stdout: () => {},
      stderr: (t) => (stderr += t),
      env: { PATH: process.env.PATH },
      cwd: process.cwd(),
      signal: new AbortController().signal,
    });
    expect(code).toBe(2);
    expect(stderr).toContain('OPENAI_API_KEY');
    expect(stderr).toContain('OPENAI_BASE_URL=http://localhost:11434/v1');
  });

  it('refuses a folder that does not exist', async () => {
    const { code, stderr } = await fix('/no/such/folder');
    expect(code).toBe(2);
    expect(stderr).toMatch(/no such folder/);
  });
});
