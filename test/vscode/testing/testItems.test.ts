// The item tree below a test file: which levels a test id makes, and the id each level runs.
import { describe, expect, it, vi } from 'vitest';

vi.mock('vscode', async () => await import('./fakeVscode'));

import { itemLevels } from '../../../src/vscode/testing/testItems';

describe('itemLevels', () => {
  it('nests a parametrized pytest case under its function, each level running its own id', () => {
    expect(itemLevels('pytest', 'tests/test_cart.py::TestCart::test_total[2-3]')).toEqual([
      { label: 'TestCart', testId: 'tests/test_cart.py::TestCart' },
      { label: 'test_total', testId: 'tests/test_cart.py::TestCart::test_total' },
      { label: '[2-3]', testId: 'tests/test_cart.py::TestCart::test_total[2-3]' },
    ]);
  });

  it('gives a plain pytest function one level', () => {
    expect(itemLevels('pytest', 'tests/test_cart.py::test_empty')).toEqual([{ label: 'test_empty', testId: 'tests/test_cart.py::test_empty' }]);
  });

  it('splits JS ids into suites and the test', () => {
    expect(itemLevels('vitest', 'src/cart.test.ts::Cart > totals > adds [tax]')).toEqual([
      { label: 'Cart', testId: 'src/cart.test.ts::Cart' },
      { label: 'totals', testId: 'src/cart.test.ts::Cart > totals' },
      { label: 'adds [tax]', testId: 'src/cart.test.ts::Cart > totals > adds [tax]' },
    ]);
  });
});
