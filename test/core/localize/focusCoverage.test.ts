import { describe, expect, it } from 'vitest';
import { focusCoverage } from '../../../src/core/localize/focusCoverage';
import { report } from './spectrum.test';

// Two bugs in one suite: the bulk discount (one failing test) and a stub that raises (two).
const run = report([
  ['tests/test_pricing.py::test_bulk', 'failed', { 'shop/pricing.py': [3, 4] }],
  ['tests/test_pricing.py::test_small', 'passed', { 'shop/pricing.py': [3] }],
  ['tests/test_shipping.py::test_a', 'failed', { 'shop/shipping.py': [7] }],
  ['tests/test_shipping.py::test_b', 'error', { 'shop/shipping.py': [7] }],
  ['tests/test_shipping.py::test_c', 'skipped', {}],
]);

describe('focusCoverage', () => {
  it("leaves out failing tests that are not being localized and keeps every other test", () => {
    const { report: focused, ignored } = focusCoverage(run, [{ id: 'tests/test_pricing.py::test_bulk', file: 'tests/test_pricing.py' }]);
    expect(focused.tests.map((t) => t.id)).toEqual(['tests/test_pricing.py::test_bulk', 'tests/test_pricing.py::test_small', 'tests/test_shipping.py::test_c']);
    expect(ignored).toEqual(['tests/test_shipping.py::test_a', 'tests/test_shipping.py::test_b']);
  });

  it('matches ids written with ./ or backslashes, as parsed output may have them', () => {
    const { ignored } = focusCoverage(run, [{ id: './tests\\test_shipping.py::test_a', file: 'tests/test_shipping.py' }]);
    expect(ignored).toEqual(['tests/test_pricing.py::test_bulk', 'tests/test_shipping.py::test_b']);
  });

  it('keeps the report as it is when every failing test is a target', () => {
    const all = ['tests/test_pricing.py::test_bulk', 'tests/test_shipping.py::test_a', 'tests/test_shipping.py::test_b'].map((id) => ({ id, file: id.split('::')[0] }));
    const focused = focusCoverage(run, all);
    expect(focused.report).toBe(run);
    expect(focused.ignored).toEqual([]);
  });

  it('keeps the report as it is when no failing test of the run matches a target', () => {
    const focused = focusCoverage(run, [{ id: 'pricing test bulk', file: '' }]);
    expect(focused.report).toBe(run);
    expect(focused.ignored).toEqual([]);
  });

  it('with one entry per test file, a target keeps its whole file', () => {
    const perFile = { ...report([
      ['test/pricing.test.js', 'failed', { 'src/pricing.js': [1] }],
      ['test/shipping.test.js', 'failed', { 'src/shipping.js': [1] }],
      ['test/cart.test.js', 'passed', { 'src/cart.js': [1] }],
    ]), granularity: 'file' as const };
    const { report: focused, ignored } = focusCoverage(perFile, [{ id: 'test/pricing.test.js::bulk > starts at ten', file: 'test/pricing.test.js' }]);
    expect(focused.tests.map((t) => t.id)).toEqual(['test/pricing.test.js', 'test/cart.test.js']);
    expect(ignored).toEqual(['test/shipping.test.js']);
  });
});
