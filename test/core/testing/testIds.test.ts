import { describe, expect, it } from 'vitest';
import {
  escapeRegExp,
  fileOfTestId,
  fullNamePattern,
  jsTestId,
  matchesRequestedId,
  nameOfTestId,
  nodeTestNamePattern,
  normalizeTestFile,
  titlesOfJsTestId,
} from '../../../src/core/testing/testIds';

describe('test ids', () => {
  it('builds JS ids from the file and the title path', () => {
    expect(jsTestId('tests/cart.test.js', ['Cart', 'discounts', 'takes 10%'])).toBe('tests/cart.test.js::Cart > discounts > takes 10%');
  });

  it('splits ids back into file, titles and name', () => {
    const id = 'tests/cart.test.js::Cart > discounts > takes 10%';
    expect(fileOfTestId(id)).toBe('tests/cart.test.js');
    expect(titlesOfJsTestId(id)).toEqual(['Cart', 'discounts', 'takes 10%']);
    expect(nameOfTestId(id)).toBe('takes 10%');
    expect(nameOfTestId('tests/test_cart.py::TestCart::test_total[1]')).toBe('test_total[1]');
    expect(fileOfTestId('tests/test_cart.py::TestCart::test_total')).toBe('tests/test_cart.py');
  });

  it('matches a requested id, its parametrizations and what lies under a file, class or suite', () => {
    expect(matchesRequestedId('t.py::test_a', 't.py::test_a')).toBe(true);
    expect(matchesRequestedId('t.py::test_a[1-2]', 't.py::test_a')).toBe(true);
    expect(matchesRequestedId('t.py::TestX::test_a', 't.py::TestX')).toBe(true);
    expect(matchesRequestedId('c.test.js::Cart > totals', 'c.test.js::Cart')).toBe(true);
    expect(matchesRequestedId('t.py::test_ab', 't.py::test_a')).toBe(false);
    expect(matchesRequestedId('c.test.js::Cartography > x', 'c.test.js::Cart')).toBe(false);
  });

  it('makes full-name patterns that select exactly the requested tests', () => {
    const pattern = new RegExp(fullNamePattern(['a.test.js::Cart > adds (1+1) items', 'a.test.js::Other']));
    expect(pattern.test('Cart adds (1+1) items')).toBe(true);
    expect(pattern.test('Other nested test')).toBe(true);
    expect(pattern.test('Cart adds (1+1) items twice')).toBe(true); // a prefix match; results are filtered by id afterwards
    expect(pattern.test('Cart adds 11 items')).toBe(false);
    expect(pattern.test('xCart adds (1+1) items')).toBe(false);
  });

  it('makes node --test patterns that work on the leaf name (Node 20) and the full name (newer Node)', () => {
    const pattern = new RegExp(nodeTestNamePattern('a.test.js::Cart > discounts > takes 10%'));
    expect(pattern.test('takes 10%')).toBe(true);
    expect(pattern.test('Cart discounts takes 10%')).toBe(true);
    expect(pattern.test('takes 10% off')).toBe(false);
  });

  it('escapes every regular-expression character', () => {
    const text = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o/p';
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).toBe(true);
  });

  it('normalises test files and refuses files outside the folder', () => {
    expect(normalizeTestFile('/w/proj', '/w/proj/tests/a.py')).toBe('tests/a.py');
    expect(normalizeTestFile('/w/proj', 'tests/../tests/a.py')).toBe('tests/a.py');
    expect(() => normalizeTestFile('/w/proj', '../other/a.py')).toThrow(/outside the folder/);
  });
});
