import { describe, expect, it } from 'vitest';
import { localizeFailures } from '../../../src/core/localize/localizeFailures';
import type { ParsedFailure } from '../../../src/core/localize/types';
import { report } from './spectrum.test';
import { FakeIndex } from './support/fakeIndex';

// A bug in `discount` (assertion failure: no trace into the code) that three tests see.
const index = new FakeIndex(
  [
    { file: 'shop/pricing.py', name: 'discount', lines: [1, 5], text: 'discount rate' },
    { file: 'shop/pricing.py', name: 'total', lines: [7, 12], text: 'total items' },
    { file: 'shop/pricing.py', name: 'tax', lines: [14, 16], text: 'tax region' },
    { file: 'tests/test_pricing.py', name: 'test_discount', lines: [1, 3] },
    { file: 'tests/test_pricing.py', name: 'test_total', lines: [5, 7] },
    { file: 'tests/test_pricing.py', name: 'test_tax', lines: [9, 11] },
  ],
  [
    ['tests/test_pricing.py#test_discount', 'shop/pricing.py#discount', 'calls', 1, 2],
    ['tests/test_pricing.py#test_total', 'shop/pricing.py#total', 'calls', 1, 6],
    ['tests/test_pricing.py#test_tax', 'shop/pricing.py#tax', 'calls', 1, 10],
    ['shop/pricing.py#total', 'shop/pricing.py#discount', 'calls', 1, 8],
  ],
);

const files: Record<string, string> = {
  'tests/test_pricing.py': ['def test_discount():', '    assert discount(10) == 1', '', '', 'def test_total():', '    assert total([1]) == 2', '', '', 'def test_tax():', '    assert tax(1) == 0', ''].join('\n'),
};

const failures: ParsedFailure[] = [
  { id: 'tests/test_pricing.py::test_discount', file: 'tests/test_pricing.py', line: 2, message: 'assert 0 == 1', stack: [{ file: 'tests/test_pricing.py', line: 2, function: 'test_discount', inWorkspace: true }], kind: 'failed', testName: 'test_discount' },
  { id: 'tests/test_pricing.py::test_total', file: 'tests/test_pricing.py', line: 6, message: 'assert 1 == 2', stack: [{ file: 'tests/test_pricing.py', line: 6, function: 'test_total', inWorkspace: true }], kind: 'failed', testName: 'test_total' },
];

const coverage = report([
  ['tests/test_pricing.py::test_discount', 'failed', { 'shop/pricing.py': [1, 2, 3] }],
  ['tests/test_pricing.py::test_total', 'failed', { 'shop/pricing.py': [1, 2, 3, 7, 8] }],
  ['tests/test_pricing.py::test_tax', 'passed', { 'shop/pricing.py': [14, 15] }],
  ['tests/test_pricing.py::test_other', 'passed', { 'shop/pricing.py': [7, 8, 9] }],
]);

const readFile = async (file: string) => files[file];

describe('localizeFailures', () => {
  it('puts the function every failing test reaches first, and says why', async () => {
    const { suspects, used } = await localizeFailures({ index, failures, coverage, readFile });
    expect(suspects[0]).toMatchObject({ file: 'shop/pricing.py', symbol: 'discount', startLine: 1, endLine: 5 });
    expect(suspects[0].why).toContain('covered by 2/2 failing, 0/2 passing tests');
    expect(suspects[0].why).toContain('called on the failing line of the test');
    // tax ran only in passing tests and nothing else points at it.
    expect(suspects.map((s) => s.symbol)).toEqual(['discount', 'total']);
    expect(used).toEqual(expect.arrayContaining(['spectrum', 'calls', 'assertion']));
    expect(suspects[0].score).toBeGreaterThan(suspects[1].score);
  });

  it("does not let another bug's failing tests outrank what the target test runs", async () => {
    // `tax` raises for an unrelated reason in three tests; only test_discount is being localized.
    const mixed = report([
      ['tests/test_pricing.py::test_discount', 'failed', { 'shop/pricing.py': [1, 2, 3] }],
      ['tests/test_pricing.py::test_total', 'passed', { 'shop/pricing.py': [1, 2, 7, 8] }],
      ['tests/test_pricing.py::test_other', 'passed', { 'shop/pricing.py': [1, 2] }],
      ['tests/test_tax.py::test_tax_1', 'failed', { 'shop/pricing.py': [14, 15] }],
      ['tests/test_tax.py::test_tax_2', 'failed', { 'shop/pricing.py': [14, 15] }],
      ['tests/test_tax.py::test_tax_3', 'failed', { 'shop/pricing.py': [14, 15] }],
    ]);
    const { suspects, ignoredFailing } = await localizeFailures({ index, failures: [failures[0]], coverage: mixed, readFile });
    expect(suspects[0].symbol).toBe('discount');
    expect(suspects[0].why).toContain('covered by 1/1 failing, 2/2 passing tests');
    expect(suspects.map((s) => s.symbol)).not.toContain('tax');
    expect(ignoredFailing).toEqual(['tests/test_tax.py::test_tax_1', 'tests/test_tax.py::test_tax_2', 'tests/test_tax.py::test_tax_3']);
  });

  it('still ranks from the call graph and the failing lines without coverage', async () => {
    const { suspects, used } = await localizeFailures({ index, failures, readFile });
    expect(used).not.toContain('spectrum');
    expect(suspects[0].symbol).toBe('discount');
  });

  it('accepts the testing contract failures (no parsed extras) and caps the list', async () => {
    const plain = failures.map(({ testName: _t, ...rest }) => rest);
    const { suspects } = await localizeFailures({ index, failures: plain, coverage, readFile, limit: 1 });
    expect(suspects).toHaveLength(1);
    expect(suspects[0].symbol).toBe('discount');
  });
});
