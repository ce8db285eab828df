import { describe, expect, it } from 'vitest';
import { parseChecks } from '../../../src/core/generate/parseChecks';

describe('parseChecks (Python)', () => {
  it('takes each assert that names the function, with its call and expected value', async () => {
    const answer = [
      'Here are the test cases:',
      '```python',
      'assert median([3, 1, 2]) == 2',
      'assert median([1, 2, 3, 4]) == 2.5  # even count',
      'assert 7 == median([7])',
      'assert abs(median([0.1, 0.2]) - 0.15) < 1e-9',
      'assert len([1]) == 1',
      'with pytest.raises(ValueError):',
      '    median([])',
      '```',
      'These cover odd and even counts.',
    ].join('\n');
    const checks = await parseChecks([answer], 'median', 'python');
    expect(checks.map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(checks[0]).toMatchObject({ code: 'assert median([3, 1, 2]) == 2', call: 'median([3, 1, 2])', expected: '2' });
    expect(checks[2]).toMatchObject({ call: 'median([7])', expected: '7' });
    expect(checks[3]).toMatchObject({ call: 'median([0.1, 0.2])' });
    expect(checks[3]!.expected).toBeUndefined();
    expect(checks[4]).toMatchObject({ raises: 'ValueError', call: 'median([])', source: 'with pytest.raises(ValueError):\n    median([])' });
    expect(checks[4]!.code).toBe('try:\n    median([])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")');
  });

  it('splits simple test functions into their asserts and keeps others whole', async () => {
    const answer = [
      '```python',
      'def test_odd():',
      '    """Odd count."""',
      '    assert median([5, 1, 3]) == 3',
      '    assert median([2]) == 2',
      '',
      'def test_does_not_modify():',
      '    values = [3, 1, 2]',
      '    median(values)',
      '    assert values == [3, 1, 2]',
      '',
      'def test_uses_fixture(tmp_path):',
      '    assert median([1]) == 1',
      '```',
    ].join('\n');
    const checks = await parseChecks([answer], 'median', 'python');
    expect(checks.map((c) => c.code.split('\n')[0])).toEqual(['assert median([5, 1, 3]) == 3', 'assert median([2]) == 2', 'def test_does_not_modify():']);
    expect(checks[2]!.code.trimEnd().endsWith('test_does_not_modify()')).toBe(true);
  });

  it('merges samples, drops duplicates and statements that do not parse, and honours the limit', async () => {
    const a = '```python\nassert median([1, 3]) == 2\nassert median([1, 2, 3) == 2\nassert median([4]) == 4\n```';
    const b = 'assert median([1, 3]) == 2\nassert median([9, 8, 7]) == 8\nassert median([5, 5]) == 5';
    const checks = await parseChecks([a, b], 'median', 'python', 3);
    expect(checks.map((c) => c.call)).toEqual(['median([1, 3])', 'median([4])', 'median([9, 8, 7])']);
  });

  it('keeps the complete statements of an answer cut off inside its block', async () => {
    const checks = await parseChecks(['```python\nassert median([1]) == 1\nassert median([2, 4]) == 3\nassert median([1, 2'], 'median', 'python');
    expect(checks.map((c) => c.call)).toEqual(['median([1])', 'median([2, 4])']);
  });

  it('finds nothing in prose', async () => {
    expect(await parseChecks(['I cannot write tests for this function.'], 'median', 'python')).toEqual([]);
  });
});

describe('parseChecks (TypeScript)', () => {
  it('takes assert statements and translates expect matchers to assert', async () => {
    const answer = [
      '```ts',
      "import { formatCents } from '../src/money';",
      "assert.deepStrictEqual(formatCents(123456), '$1,234.56');",
      "assert.strictEqual(formatCents(-5), '-$0.05')",
      "expect(formatCents(0)).toBe('$0.00');",
      'expect(formatCents(100)).toEqual("$1.00");',
      'expect(() => formatCents(NaN)).toThrow(RangeError);',
      "expect(formatCents(1)).toMatchSnapshot();",
      '```',
    ].join('\n');
    const checks = await parseChecks([answer], 'formatCents', 'typescript');
    expect(checks.map((c) => c.code)).toEqual([
      "assert.deepStrictEqual(formatCents(123456), '$1,234.56');",
      "assert.strictEqual(formatCents(-5), '-$0.05');",
      "assert.strictEqual(formatCents(0), '$0.00');",
      'assert.deepStrictEqual(formatCents(100), "$1.00");',
      'assert.throws(() => formatCents(NaN), RangeError);',
    ]);
    expect(checks[2]).toMatchObject({ call: 'formatCents(0)', expected: "'$0.00'", source: "expect(formatCents(0)).toBe('$0.00');" });
    expect(checks[4]).toMatchObject({ raises: 'RangeError' });
  });

  it('reads it() blocks inside describe, splitting pure assertions and keeping setup blocks whole', async () => {
    const answer = [
      '```typescript',
      "describe('splitEvenly', () => {",
      "  it('splits', () => {",
      '    expect(splitEvenly(10, 3)).toEqual([4, 3, 3]);',
      '    expect(splitEvenly(9, 3)).toEqual([3, 3, 3]);',
      '  });',
      "  it('adds up', () => {",
      '    const parts = splitEvenly(101, 4);',
      '    expect(parts.reduce((a, b) => a + b, 0)).toBe(101);',
      '  });',
      '});',
      '```',
    ].join('\n');
    const checks = await parseChecks([answer], 'splitEvenly', 'typescript');
    expect(checks).toHaveLength(3);
    expect(checks[0]!.code).toBe('assert.deepStrictEqual(splitEvenly(10, 3), [4, 3, 3]);');
    expect(checks[2]!.code).toBe('{\n  const parts = splitEvenly(101, 4);\n  assert.strictEqual(parts.reduce((a, b) => a + b, 0), 101);\n}');
  });
});
