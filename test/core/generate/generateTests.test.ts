import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTests, defaultTestsOptions } from '../../../src/core/generate/generateTests';
import { disposeCoverageSandboxes } from '../../../src/core/generate/targetCoverage';
import { disposeSandboxes } from '../../../src/core/testing';
import { startScriptedServer, type ScriptedServer } from '../../support/llm/scriptedServer';
import { capturingLogger, copyFixture, depsFor, host } from './support/workspace';

const fence = (code: string) => '```python\n' + code + '\n```';

const round1 = fence(
  [
    'import pytest',
    'from shelf.shelving import reading_time',
    '',
    'def test_no_pages():',
    '    assert reading_time(0) == "0m"',
    '',
    'def test_forty_pages_is_an_hour():',
    '    assert reading_time(40) == "1h"',
    '',
    'def test_twenty_pages():',
    '    assert reading_time(20) == "20m"',
    '',
    'def test_zero_again():',
    '    assert reading_time(0) == "0m"',
  ].join('\n'),
);
const round2 = fence(
  [
    'import pytest',
    'from shelf.shelving import reading_time',
    '',
    'def test_negative_pages():',
    '    with pytest.raises(ValueError):',
    '        reading_time(-1)',
    '',
    'def test_speed_must_be_positive():',
    '    with pytest.raises(ValueError):',
    '        reading_time(10, 0)',
    '',
    'def test_hours_and_minutes():',
    '    assert reading_time(50) == "1h 15m"',
    '',
    'def test_uses_a_missing_helper():',
    '    assert reading_time(pages_of("Dune")) == "1h"',
  ].join('\n'),
);
const round3 = fence('def test_half_an_hour():\n    assert reading_time(20) == "30m"\n');

describe('generateTests (pytest fixture, scripted model)', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer({
      rules: [
        { name: 'round 1', match: { lastUser: 'reading_time' }, times: 1, reply: { content: round1 } },
        { name: 'round 2', match: { lastUser: 'reading_time' }, times: 1, reply: { content: round2 } },
        { name: 'round 3', match: { lastUser: 'reading_time' }, times: 1, reply: { content: round3 } },
      ],
    });
  });
  afterAll(async () => {
    await server.close();
    await disposeSandboxes();
    await disposeCoverageSandboxes();
  });

  it('keeps passing tests, reports failing ones, drops duplicates and broken ones, and iterates while coverage grows', async () => {
    const work = copyFixture('generate-py');
    const listing = () => readdirSync(work.folder, { recursive: true }).map(String).sort();
    const filesBefore = listing();
    try {
      const logger = capturingLogger();
      const deps = depsFor(work.folder, server.baseURL, { logger });
      const outcome = await generateTests({ file: 'shelf/shelving.py', qualifiedName: 'reading_time' }, deps, { ...defaultTestsOptions, maxRounds: 4 }, host(logger));
      expect(outcome.message).toMatch(/passing test/);
      expect(outcome.status).toBe('generated');
      expect(outcome.framework).toBe('pytest');
      expect(outcome.testFile).toBe('tests/test_shelving.py');
      expect(outcome.newFile).toBe(true);
      expect(outcome.kept.map((t) => t.name)).toEqual([
        'test_no_pages',
        'test_forty_pages_is_an_hour',
        'test_negative_pages',
        'test_speed_must_be_positive',
        'test_hours_and_minutes',
        'test_half_an_hour',
      ]);
      expect(outcome.failing.map((t) => t.name)).toEqual(['test_twenty_pages']);
      expect(outcome.failing[0]!.failure.message).toMatch(/30m|20m/);
      expect(outcome.duplicates).toBe(1);
      expect(outcome.coverageBefore).toMatchObject({ covered: 0, total: 14 });
      expect(outcome.coverageAfter).toMatchObject({ covered: 14, total: 14, uncovered: [] });
      expect(outcome.rounds).toBe(3);

      // Round 2 was told which lines no test ran yet.
      const prompts = server.chatRequests().map((r) => r.view!.lastUser);
      expect(prompts).toHaveLength(3);
      expect(prompts[1]).toContain('raise ValueError("pages must not be negative")');
      expect(prompts[1]).toContain('test_twenty_pages');
      expect(prompts[0]).toContain('from shelf.shelving import reading_time');

      const proposal = outcome.proposals[0]!;
      expect(proposal.kind).toBe('tests');
      expect(proposal.changes).toHaveLength(1);
      expect(proposal.changes[0]!.path).toBe(path.join(work.folder, 'tests/test_shelving.py'));
      expect(proposal.changes[0]!.before).toBeNull();
      const text = proposal.changes[0]!.after;
      expect(text.match(/from shelf\.shelving import reading_time/g)).toHaveLength(1);
      expect(text).not.toContain('test_twenty_pages');
      expect(text).not.toContain('pages_of');
      expect(proposal.evidence.summary).toMatch(/adds 6 passing tests; coverage of reading_time 0% → 100%; 1 failing \(possible bug or wrong expectation\)/);
      // Nothing was written to the workspace (not even a runner's or plugin's cache: every run is on a copy).
      expect(existsSync(path.join(work.folder, 'tests/test_shelving.py'))).toBe(false);
      expect(listing()).toEqual(filesBefore);
      expect(readFileSync(path.join(work.folder, 'shelf/shelving.py'), 'utf8')).toBe(readFileSync(path.join(__dirname, '../../fixtures/generate-py/shelf/shelving.py'), 'utf8'));
      expect(outcome.tokens.prompt).toBeGreaterThan(0);
    } finally {
      work.remove();
    }
  });
});
