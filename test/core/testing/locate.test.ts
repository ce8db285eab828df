import { describe, expect, it } from 'vitest';
import { locateJsTest, locatePythonTest } from '../../../src/core/testing/locate';

describe('locateJsTest', () => {
  const source = [
    "describe('Cart', () => {", // 1
    "  it('totals', () => {});", // 2
    "  describe('discounts', () => {", // 3
    "    it.only(\"totals\", () => {});", // 4
    '    test(`takes 10% off`, () => {});', // 5
    '  });', // 6
    '});', // 7
  ].join('\n');

  it('finds a test by its title after its suites', () => {
    expect(locateJsTest(source, ['Cart', 'totals'])).toBe(2);
    expect(locateJsTest(source, ['Cart', 'discounts', 'totals'])).toBe(4);
    expect(locateJsTest(source, ['Cart', 'discounts', 'takes 10% off'])).toBe(5);
  });

  it('skips suite titles built at run time and gives up on unknown tests', () => {
    expect(locateJsTest(source, ['dynamic suite', 'discounts', 'totals'])).toBe(4);
    expect(locateJsTest(source, ['nothing like it'])).toBeUndefined();
  });
});

describe('locatePythonTest', () => {
  it('finds the def of a test, ignoring parameters', () => {
    const source = 'import x\n\nclass TestA:\n    async def test_b(self):\n        pass\n\ndef test_c(n):\n    pass\n';
    expect(locatePythonTest(source, 'test_b')).toBe(4);
    expect(locatePythonTest(source, 'test_c[1-2]')).toBe(7);
    expect(locatePythonTest(source, 'test_d')).toBeUndefined();
  });
});
