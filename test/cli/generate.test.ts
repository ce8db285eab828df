import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { startScriptedServer, type ScriptedServer } from '../support/llm/scriptedServer';
import { copyFixture } from '../core/generate/support/workspace';

const py = (code: string) => '```python\n' + code + '\n```';

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    cwd: process.cwd(),
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

describe('selfdebug generate / gen-tests', () => {
  let server: ScriptedServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    server = await startScriptedServer({ rules: [] });
    env = { OPENAI_BASE_URL: server.baseURL, SELFDEBUG_MODEL: 'scripted-model' };
  });
  afterAll(() => server.close());

  it('explains how to set up an endpoint when none is configured (exit 2)', async () => {
    const work = copyFixture('generate-py');
    try {
      const result = await cli(['generate', work.folder, '--file', 'shelf/stats.py', '--function', 'median', '--json'], {});
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('No LLM endpoint is configured.');
      expect(result.stderr).toContain('export OPENAI_API_KEY');
    } finally {
      work.remove();
    }
  });

  it('rejects bad usage with exit code 2', async () => {
    const missing = await cli(['generate', 'test/fixtures/generate-py', '--function', 'median'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/give --file <path>/);
    const badCount = await cli(['generate', 'test/fixtures/generate-py', '--file', 'shelf/stats.py', '--function', 'median', '--candidates', '0'], env);
    expect(badCount.stderr).toMatch(/--candidates must be an integer from 1 to 16, got 0/);
    const outside = await cli(['gen-tests', 'test/fixtures/generate-py', '--file', '../x.py', '--function', 'f'], env);
    expect(outside.stderr).toMatch(/is outside the folder/);
    const noFile = await cli(['generate', 'test/fixtures/generate-py', '--file', 'nope.py', '--function', 'f'], env);
    expect(noFile.stderr).toMatch(/file not found/);
  });

  it('prints the JSON outcome, exit 1 when nothing verified, and leaves the folder untouched', async () => {
    server.setRules([
      { match: { lastUser: '^Implement' }, reply: { content: 'I cannot do that.' } },
      { match: { lastUser: 'test cases' }, reply: { content: py('assert initials("ada lovelace") == "AL"') } },
    ]);
    const result = await cli(['generate', 'test/fixtures/generate-py', '--file', 'shelf/text.py', '--function', 'initials', '--candidates', '2', '--json', '--apply'], env);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(['status', 'file', 'function', 'patch', 'testsFile', 'testsPatch', 'evidence', 'candidates', 'applied', 'testsApplied', 'tokens', 'llmMs', 'totalMs', 'message']);
    expect(json).toMatchObject({ status: 'not-verified', file: 'shelf/text.py', function: 'initials', patch: '', applied: false, evidence: null });
    expect(json.message).toMatch(/None of the 2 answers/);
  });

  it('generates, applies the verified implementation and adds the tests it passes (exit 0)', async () => {
    server.setRules([
      { match: { lastUser: '^Implement' }, reply: { content: [py('def initials(name: str) -> str:\n    return "".join(w[0].upper() for w in name.split())'), py('def initials(name):\n    return "".join(part[:1].upper() for part in name.split())'), py('def initials(name):\n    return name[:1].upper()')] } },
      { match: { lastUser: 'test cases' }, reply: { content: py('assert initials("ada lovelace") == "AL"\nassert initials("grace brewster murray hopper") == "GBMH"\nassert initials("") == ""') } },
    ]);
    const work = copyFixture('generate-py');
    try {
      const result = await cli(['generate', work.folder, '--file', 'shelf/text.py', '--function', 'initials', '--candidates', '3', '--json', '--apply', '--add-tests'], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const json = JSON.parse(result.stdout);
      expect(json).toMatchObject({ status: 'generated', applied: true, testsApplied: true, testsFile: 'tests/test_text.py' });
      expect(json.evidence).toMatchObject({ groupSize: 2, candidates: 3, generatedTests: 3, generatedTestsPassed: 3, repaired: false });
      expect(json.patch).toMatch(/^--- a\/shelf\/text\.py\n\+\+\+ b\/shelf\/text\.py\n/);
      expect(json.tokens.prompt).toBeGreaterThan(0);
      const written = readFileSync(path.join(work.folder, 'shelf/text.py'), 'utf8');
      expect(written).not.toMatch(/def initials\(name: str\) -> str:\n\s+"""[^"]*"""\n\s+\.\.\./);
      expect(written).toContain('.upper() for');
      const tests = readFileSync(path.join(work.folder, 'tests/test_text.py'), 'utf8');
      expect(tests).toContain('def test_initials_generated_1():\n    assert initials("ada lovelace") == "AL"');
      expect(tests).toMatch(/^from shelf\.text import (slugify, title_case|.*initials)/m);
      expect(tests).toContain('initials');
    } finally {
      work.remove();
    }
  });

  it('gen-tests prints kept and failing tests with coverage (exit 0) and --apply writes the test file', async () => {
    server.setRules([
      {
        match: { lastUser: 'new pytest tests' },
        reply: { content: py('from shelf.stats import clamp_rating\n\ndef test_nan_becomes_low():\n    assert clamp_rating(float("nan")) == 0.0\n\ndef test_inside():\n    assert clamp_rating(3.5) == 3.5\n\ndef test_wrong():\n    assert clamp_rating(9, high=10) == 5.0') },
      },
    ]);
    const work = copyFixture('generate-py');
    try {
      const result = await cli(['gen-tests', work.folder, '--file', 'shelf/stats.py', '--function', 'clamp_rating', '--rounds', '1', '--json', '--apply'], env);
      expect(result.code).toBe(0);
      const json = JSON.parse(result.stdout);
      expect(Object.keys(json)).toEqual(['status', 'file', 'function', 'framework', 'testFile', 'newFile', 'patch', 'kept', 'failing', 'duplicates', 'coverage', 'rounds', 'propertyLibrary', 'applied', 'tokens', 'llmMs', 'totalMs', 'message']);
      expect(json).toMatchObject({ status: 'generated', framework: 'pytest', testFile: 'tests/test_stats.py', newFile: false, applied: true, propertyLibrary: null, rounds: 1 });
      expect(json.kept.map((k: { name: string }) => k.name)).toEqual(['test_nan_becomes_low', 'test_inside']);
      expect(json.failing).toEqual([expect.objectContaining({ name: 'test_wrong' })]);
      expect(json.coverage.before).toMatchObject({ covered: 5, total: 7, percent: '71%' });
      expect(json.coverage.after).toMatchObject({ covered: 7, total: 7, percent: '100%', uncovered: [] });
      const tests = readFileSync(path.join(work.folder, 'tests/test_stats.py'), 'utf8');
      expect(tests).toContain('def test_nan_becomes_low():');
      expect(tests).not.toContain('test_wrong');
    } finally {
      work.remove();
    }
  });
});
