import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/core/edits/applyEdits';
import type { SearchReplaceEdit } from '../../../src/core/edits/types';
import { cartPy, cartTs, fence, fix, python, testCartPy } from './fixtures';

const sr = (file: string | undefined, search: string, replace: string, block = 1): SearchReplaceEdit => ({ kind: 'search-replace', ...(file ? { file } : {}), search, replace, block, source: 'search-replace' });

describe('applying edits', () => {
  it('rejects an edit that leaves Python unparseable, with the line, and keeps the file as it was', async () => {
    const files = python();
    const result = await applyEdits(files, [sr('shop/cart.py', '    return total - total * percent', '    return (total - total * percent')]);
    expect(result.applied).toEqual([]);
    expect(result.rejected.map((r) => r.reason)).toEqual(['Block 1 (shop/cart.py): the edited code does not parse: a syntax error at line 28: `return (total - total * percent`.']);
    expect(result.files.get('shop/cart.py')).toBe(cartPy);
    expect(result.changedFiles).toEqual([]);
  });

  it('rejects a whole function that does not parse (a missing brace in TypeScript)', async () => {
    const files = new Map([['src/cart.ts', cartTs]]);
    const result = await fix(fence('ts', 'function applyDiscount(total: number, percent: number): number {\n  if (percent > 1) {\n    percent = percent / 100;\n  return round(total - total * percent);\n}'), files);
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]).toMatch(/^The new `applyDiscount` \(block 1\): the edited code does not parse: a (missing `\}`|syntax error) at line \d+/);
    expect(result.files.get('src/cart.ts')).toBe(cartTs);
  });

  it('accepts an edit to code that was already broken, as long as it adds no new error', async () => {
    const broken = 'def ok():\n    return 1\n\ndef broken(:\n    return 2\n';
    const files = new Map([['m.py', broken]]);
    const result = await applyEdits(files, [sr('m.py', '    return 1', '    return 10')]);
    expect(result.rejected).toEqual([]);
    expect(result.files.get('m.py')).toContain('return 10');
  });

  it('keeps applying the later edits after rejecting one, each against the text so far', async () => {
    const files = python();
    const result = await applyEdits(files, [
      sr('shop/cart.py', '        return len(self.items)', '        return sum(i.quantity for i in self.items)', 1),
      sr('shop/cart.py', '        return len(self.items)', '        return 0', 2),
      sr('shop/cart.py', '    return total - total * percent', '    return total * (1 - percent / 100)', 3),
    ]);
    expect(result.applied.map((a) => a.edit.block)).toEqual([1, 3]);
    expect(result.rejected[0]!.reason).toMatch(/^Block 2 \(shop\/cart.py\): the SEARCH text was not found in the file\./);
    expect(result.changedFiles).toEqual(['shop/cart.py']);
  });

  it('settles a SEARCH text found twice by the target symbol, or by the line a diff gives', async () => {
    const search = '        total = 0';
    const code = 'class Cart:\n    def total(self):\n        total = 0\n        return total\n\n    def count(self):\n        total = 0\n        return total\n';
    const files = new Map([['cart.py', code]]);
    const plain = await applyEdits(files, [sr('cart.py', search, '        total = 1')]);
    expect(plain.rejected[0]!.reason).toMatch(/matches 2 places in the file \(lines 3, 7\)/);
    const targeted = await applyEdits(files, [sr('cart.py', search, '        total = 1')], { targets: [{ file: 'cart.py', qualifiedName: 'Cart.count' }] });
    expect(targeted.applied).toMatchObject([{ startLine: 7, note: 'one of 2 matches; chosen inside Cart.count' }]);
    const byLine = await applyEdits(files, [{ ...sr('cart.py', search, '        total = 1'), source: 'diff', line: 2 }]);
    expect(byLine.applied).toMatchObject([{ startLine: 3, note: 'one of 2 matches; chosen nearest line 2' }]);
  });

  it('keeps CRLF line endings of the file, whatever the answer uses', async () => {
    const crlf = cartPy.replace(/\n/g, '\r\n');
    const files = new Map([['shop/cart.py', crlf]]);
    const result = await fix('shop/cart.py\r\n```\r\n<<<<<<< SEARCH\r\n    return total - total * percent\r\n=======\r\n    # percent is 0..100\r\n    return total - total * percent / 100\r\n>>>>>>> REPLACE\r\n```\r\n', files);
    const text = result.files.get('shop/cart.py')!;
    expect(text).toContain('    # percent is 0..100\r\n    return total - total * percent / 100\r\n');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('refuses to change a read-only file (the tests), unless the edit changes nothing', async () => {
    const files = python();
    const readOnly = new Set(['tests/test_cart.py']);
    const changed = await applyEdits(files, [sr('tests/test_cart.py', '    assert cart.total == 6.0', '    assert cart.total == 2.0')], { readOnly });
    expect(changed.rejected.map((r) => r.reason)).toEqual(['Block 1 (tests/test_cart.py): tests/test_cart.py must not be changed (it is a test; change the code under test instead).']);
    const quoted = await fix(fence('python', 'def test_total():\n    cart = Cart()\n    cart.add(Item("pen", 2.0, 3))\n    assert cart.total == 6.0'), files, {}, { readOnly });
    expect(quoted.rejected).toEqual([]);
    expect(quoted.unchanged).toHaveLength(1);
    expect(quoted.files.get('tests/test_cart.py')).toBe(testCartPy);
  });

  it('reports an answer that repeats the current code as unchanged', async () => {
    const result = await fix(fence('python', 'def discount(total, percent):\n    return total - total * percent'), python());
    expect(result.applied).toEqual([]);
    expect(result.unchanged).toHaveLength(1);
    expect(result.changedFiles).toEqual([]);
  });

  it('names the files it knows when a block names an unknown file', async () => {
    const result = await applyEdits(python(), [sr('shop/basket.py', 'x', 'y')]);
    expect(result.rejected[0]!.reason).toBe('Block 1 (shop/basket.py): there is no file shop/basket.py among the files shown (shop/cart.py, tests/test_cart.py).');
  });

  it('asks for a path when a block names no file and several were shown', async () => {
    const result = await applyEdits(python(), [sr(undefined, 'x', 'y')]);
    expect(result.rejected[0]!.reason).toBe('Block 1: it does not say which file it edits; put the file path on the line before the block.');
    const withDefault = await applyEdits(python(), [sr(undefined, '    return total - total * percent', '    return 0')], { defaultFile: 'shop/cart.py' });
    expect(withDefault.changedFiles).toEqual(['shop/cart.py']);
  });

  it('creates a new file from an empty SEARCH part only when allowed', async () => {
    const edit = sr('shop/money.py', '', 'def cents(x):\n    return round(x * 100)');
    expect((await applyEdits(python(), [edit])).rejected).toHaveLength(1);
    const allowed = await applyEdits(python(), [edit], { allowNewFiles: true });
    expect(allowed.files.get('shop/money.py')).toBe('def cents(x):\n    return round(x * 100)\n');
    expect(allowed.changedFiles).toEqual(['shop/money.py']);
  });

  it('deletes whole lines with an empty REPLACE part', async () => {
    const result = await applyEdits(python(), [sr('shop/cart.py', 'import math\n', '')]);
    expect(result.files.get('shop/cart.py')!.startsWith('"""Shopping cart."""\n\n\nclass Item:')).toBe(true);
  });

  it('never changes the input map', async () => {
    const files = python();
    const before = new Map(files);
    await applyEdits(files, [sr('shop/cart.py', '    return total - total * percent', '    return 0')]);
    expect(files).toEqual(before);
  });

  it('adds an import only when it is missing, after the last import', async () => {
    const files = new Map([['src/cart.ts', cartTs]]);
    const answer = fence('ts', "import { round } from './math';\nimport { clamp } from './util';\n\nexport function applyDiscount(total: number, percent: number): number {\n  return round(total - total * clamp(percent, 0, 1));\n}");
    const result = await fix(answer, files);
    expect(result.reasons).toEqual([]);
    expect(result.unchanged.map((e) => e.kind)).toEqual(['add-import']);
    expect(result.files.get('src/cart.ts')!.startsWith("import { round } from './math';\nimport { clamp } from './util';\n\nexport interface Item")).toBe(true);
  });
});
