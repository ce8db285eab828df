import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCodeUnits, unitNamed } from '../../../src/core/generate/codeUnits';
import { normalizedCode, parseImplementation } from '../../../src/core/generate/parseImplementation';

const statsText = readFileSync(path.join(__dirname, '../../fixtures/generate-py/shelf/stats.py'), 'utf8');
const moneyText = readFileSync(path.join(__dirname, '../../fixtures/generate-ts/src/money.ts'), 'utf8');

async function target(file: string, text: string, name: string) {
  return unitNamed(await readCodeUnits(file, text), name)!;
}

describe('parseImplementation', () => {
  it('puts a fenced whole function with prose around it in place of the stub', async () => {
    const median = await target('shelf/stats.py', statsText, 'median');
    const answer = 'Sort a copy, then take the middle.\n\n```python\ndef median(values: list[float]) -> float:\n    if not values:\n        raise ValueError("empty")\n    s = sorted(values)\n    mid = len(s) // 2\n    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2\n```\nThis runs in O(n log n).';
    const parsed = await parseImplementation(answer, median, statsText);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.candidate.fileText).toContain('    s = sorted(values)\n');
    expect(parsed.candidate.fileText).toContain('def clamp_rating(');
    expect(parsed.candidate.fileText).not.toContain('    pass\n');
    // The answer had no docstring: the user's stays, above the new body.
    expect(parsed.candidate.fileText).toContain('def median(values: list[float]) -> float:\n    """Median of `values`.\n');
    expect(parsed.candidate.fileText).toContain('Does not modify `values`.\n    """\n    if not values:\n');
    expect(parsed.candidate.code.startsWith('def median(values: list[float]) -> float:')).toBe(true);
    expect(parsed.candidate.extras).toEqual([]);
  });

  it('accepts a bare function without a fence, and a helper it adds', async () => {
    const median = await target('shelf/stats.py', statsText, 'median');
    const answer = 'def _middle(s):\n    return len(s) // 2\n\n\ndef median(values):\n    s = sorted(values)\n    return s[_middle(s)]\n';
    const parsed = await parseImplementation(answer, median, statsText);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.candidate.fileText).toContain('def _middle(s):');
    expect(parsed.candidate.extras).toEqual(['adds `_middle`']);
  });

  it('implements a TypeScript stub from a ts fence', async () => {
    const formatCents = await target('src/money.ts', moneyText, 'formatCents');
    const answer = "```ts\nexport function formatCents(cents: number): string {\n  const sign = cents < 0 ? '-' : '';\n  const abs = Math.abs(cents);\n  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;\n}\n```";
    const parsed = await parseImplementation(answer, formatCents, moneyText);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.candidate.fileText).toContain("const sign = cents < 0 ? '-' : '';");
    expect(parsed.candidate.fileText).toContain('export function splitEvenly');
  });

  it('rejects answers without code, with a stub, with another name, or cut off', async () => {
    const median = await target('shelf/stats.py', statsText, 'median');
    const none = await parseImplementation('I would sort the values first.', median, statsText);
    expect(none).toMatchObject({ ok: false });
    const stub = await parseImplementation('```python\ndef median(values):\n    raise NotImplementedError\n```', median, statsText);
    expect(stub).toEqual({ ok: false, reason: 'The answer leaves `median` a stub.' });
    const renamed = await parseImplementation('```python\ndef middle(values):\n    return sorted(values)[len(values) // 2]\n```', median, statsText);
    expect(renamed.ok).toBe(false);
    if (!renamed.ok) expect(renamed.reason).toMatch(/middle/);
    const cut = await parseImplementation('```python\ndef median(values):\n    s = sorted(values\n', median, statsText, 'length');
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.reason).toMatch(/cut off/);
  });

  it('normalises comments, docstrings and spacing away for comparing candidates', () => {
    const a = 'def f(x):\n    """Doc."""\n    # twice\n    return x * 2\n';
    const b = 'def f(x):\n    return x  *  2  # doubled\n';
    expect(normalizedCode(a, true)).toBe(normalizedCode(b, true));
    expect(normalizedCode(a, true)).toBe('def f(x): return x * 2');
    expect(normalizedCode('function f() { // a\n  return 1; /* b */ }', false)).toBe('function f() { return 1; }');
  });
});
