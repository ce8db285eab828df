import { describe, expect, it } from 'vitest';
import { gatherContext } from '../../../src/core/repair/context';
import { failure, fakeIndex, files, symbol } from './fakes';

// `total` also calls a rounding helper in another module and a helper of the tests.
const project: Record<string, string> = {
  ...files,
  'shop/money.py': 'def round_money(amount):\n    return round(float(amount), 2)\n',
  'tests/helpers.py': 'def prices():\n    return [1, 2]\n',
};
const index = fakeIndex({
  symbols: [symbol('shop/money.py', 'round_money', 1, 2, 'def round_money(amount)'), symbol('tests/helpers.py', 'prices', 1, 2, 'def prices()')],
  edges: [
    { from: 'shop/cart.py#total', to: 'shop/money.py#round_money', kind: 'calls', confidence: 1 },
    { from: 'shop/cart.py#total', to: 'tests/helpers.py#prices', kind: 'calls', confidence: 1 },
  ],
});
const suspects = [{ file: 'shop/cart.py', symbol: 'total', startLine: 1, endLine: 2, score: 1, why: 'frame 1 of trace' }];

async function readFile(file: string): Promise<string> {
  if (!(file in project)) throw new Error(`ENOENT ${file}`);
  return project[file];
}

describe('gatherContext', () => {
  it('shows the test, the suspect and the signatures of what the suspect calls, with their files', async () => {
    const context = await gatherContext(index, [failure], suspects, readFile);
    expect(context.tests[0].code).toContain('def test_total():');
    expect(context.suspects[0].code).toBe('def total(prices):\n    return sum(prices) - 1');
    expect(context.callees).toEqual(
      expect.arrayContaining([
        { signature: 'def round_money(amount)', file: 'shop/money.py' },
        { signature: 'def count(prices)', file: 'shop/cart.py' },
      ]),
    );
  });

  it("keeps the text of a callee's module, so a fix may edit the helper where the bug is, but never a test helper's", async () => {
    const context = await gatherContext(index, [failure], suspects, readFile);
    expect(Object.keys(context.files).sort()).toEqual(['shop/cart.py', 'shop/money.py', 'tests/test_cart.py']);
    expect(context.files['shop/money.py']).toBe(project['shop/money.py']);
  });

  it('skips a callee file that cannot be read', async () => {
    const context = await gatherContext(index, [failure], suspects, async (file) => {
      if (file === 'shop/money.py') throw new Error('EACCES');
      return readFile(file);
    });
    expect(Object.keys(context.files).sort()).toEqual(['shop/cart.py', 'tests/test_cart.py']);
  });
});
