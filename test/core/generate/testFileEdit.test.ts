import { describe, expect, it } from 'vitest';
import { parseTests } from '../../../src/core/generate/parseTests';
import { composeTestFile, importedNames, testIdsOf, unboundImport, uniqueNames } from '../../../src/core/generate/testFileEdit';

describe('parseTests', () => {
  it('reads pytest tests, imports and helpers; marks hypothesis tests as property tests', async () => {
    const answer = [
      'Here you go:',
      '```python',
      'import pytest',
      'from hypothesis import given, strategies as st',
      'from shelf.shelving import reading_time',
      '',
      'PAGES = 40',
      '',
      'def test_one_hour():',
      '    assert reading_time(PAGES) == "1h"',
      '',
      '@given(st.integers(min_value=0, max_value=10_000))',
      'def test_never_negative(pages):',
      '    assert not reading_time(pages).startswith("-")',
      '',
      'class TestErrors:',
      '    def test_negative(self):',
      '        with pytest.raises(ValueError):',
      '            reading_time(-1)',
      '```',
    ].join('\n');
    const parsed = await parseTests(answer, 'python');
    expect(parsed.imports).toEqual(['import pytest', 'from hypothesis import given, strategies as st', 'from shelf.shelving import reading_time']);
    expect(parsed.support).toEqual([{ suites: [], code: 'PAGES = 40' }]);
    expect(parsed.tests.map((t) => [t.name, t.property])).toEqual([
      ['test_one_hour', false],
      ['test_never_negative', true],
      ['TestErrors', false],
    ]);
  });

  it('reads vitest tests with their describe titles and suite-level helpers', async () => {
    const answer = [
      '```ts',
      "import { describe, expect, it } from 'vitest';",
      "import fc from 'fast-check';",
      "import { chunk } from '../src/lists';",
      "describe('chunk', () => {",
      '  const items = [1, 2, 3];',
      "  it('splits evenly', () => {",
      '    expect(chunk(items, 1)).toEqual([[1], [2], [3]]);',
      '  });',
      "  it('keeps every item', () => {",
      '    fc.assert(fc.property(fc.array(fc.integer()), (xs) => chunk(xs, 2).flat().length === xs.length));',
      '  });',
      '});',
      "test('rejects size 0', () => { expect(() => chunk([], 0)).toThrow(RangeError); });",
      "it('is cut off', () => {",
      '  expect(chunk([',
      '```',
    ].join('\n');
    const parsed = await parseTests(answer, 'typescript');
    expect(parsed.tests.map((t) => [t.suites.join('/'), t.name, t.property])).toEqual([
      ['chunk', 'splits evenly', false],
      ['chunk', 'keeps every item', true],
      ['', 'rejects size 0', false],
    ]);
    expect(parsed.support).toEqual([{ suites: ['chunk'], code: 'const items = [1, 2, 3];' }]);
    expect(parsed.tests[0]!.code).toBe("it('splits evenly', () => {\n  expect(chunk(items, 1)).toEqual([[1], [2], [3]]);\n});");
  });
});

describe('composeTestFile', () => {
  it('appends pytest tests and only the imports the file lacks', async () => {
    const existing = 'from shelf.stats import clamp_rating, median\n\n\ndef test_a():\n    assert median([1]) == 1\n';
    const text = await composeTestFile(
      existing,
      {
        imports: ['from shelf.stats import median, clamp_rating', 'import pytest', 'from shelf.stats import median as mid'],
        support: [],
        tests: [{ name: 'test_b', suites: [], code: 'def test_b():\n    with pytest.raises(ValueError):\n        median([])', property: false }],
      },
      { language: 'python' },
    );
    expect(text).toBe(
      'from shelf.stats import clamp_rating, median\nimport pytest\nfrom shelf.stats import median as mid\n\n\ndef test_a():\n    assert median([1]) == 1\n\n\ndef test_b():\n    with pytest.raises(ValueError):\n        median([])\n',
    );
  });

  it('writes a new TypeScript test file with the framework and target imports it needs, regrouped by describe', async () => {
    const text = await composeTestFile(
      undefined,
      {
        imports: [],
        support: [{ suites: ['chunk'], code: 'const items = [1, 2, 3];' }],
        tests: [
          { name: 'splits', suites: ['chunk'], code: "it('splits', () => {\n  expect(chunk(items, 1)).toHaveLength(3);\n});", property: false },
          { name: 'empty', suites: [], code: "it('empty', () => {\n  expect(chunk([], 2)).toEqual([]);\n});", property: false },
        ],
      },
      { language: 'typescript', framework: 'vitest', targetImport: "import { chunk } from '../src/lists';", targetName: 'chunk' },
    );
    expect(text).toBe(
      [
        "import { describe, it, expect } from 'vitest';",
        "import { chunk } from '../src/lists';",
        '',
        "describe('chunk', () => {",
        '  const items = [1, 2, 3];',
        '',
        "  it('splits', () => {",
        '    expect(chunk(items, 1)).toHaveLength(3);',
        '  });',
        '});',
        '',
        "it('empty', () => {",
        '  expect(chunk([], 2)).toEqual([]);',
        '});',
        '',
      ].join('\n'),
    );
  });

  it('imports pytest when the new tests use it without importing it', async () => {
    const text = await composeTestFile(
      'from shelf.shelving import reading_time\n',
      { imports: [], support: [], tests: [{ name: 'test_negative', suites: [], code: 'def test_negative():\n    with pytest.raises(ValueError):\n        reading_time(-1)', property: false }] },
      { language: 'python' },
    );
    expect(text.split('\n').slice(0, 2)).toEqual(['from shelf.shelving import reading_time', 'import pytest']);
  });

  it('never imports a TypeScript name twice', async () => {
    const bound = await importedNames("import { describe, expect, it } from 'vitest';\nimport { chunk } from '../src/lists';\n", 'typescript');
    expect([...bound].sort()).toEqual(['chunk', 'describe', 'expect', 'it']);
    expect(await unboundImport("import { chunk, groupBy } from '../src/lists';", bound, 'typescript')).toBe("import { groupBy } from '../src/lists';");
    expect(await unboundImport("import { describe, it } from 'vitest';", bound, 'typescript')).toBeUndefined();
    expect(await unboundImport("import fc from 'fast-check';", bound, 'typescript')).toBe("import fc from 'fast-check';");
  });

  it('makes clashing test names unique', () => {
    const taken = new Set(['tests/test_x.py::test_a', 'test/x.test.ts::s > works']);
    const py = uniqueNames([{ name: 'test_a', suites: [], code: 'def test_a():\n    pass', property: false }], taken, 'tests/test_x.py', 'python');
    expect(py[0]).toMatchObject({ name: 'test_a_2', code: 'def test_a_2():\n    pass' });
    const ts = uniqueNames([{ name: 'works', suites: ['s'], code: "it('works', () => {});", property: false }], taken, 'test/x.test.ts', 'typescript');
    expect(ts[0]).toMatchObject({ name: 'works (2)',  code: "it('works (2)', () => {});" });
    expect(testIdsOf('test/x.test.ts', ts[0]!, 'typescript')).toBe('test/x.test.ts::s > works (2)');
  });
});
