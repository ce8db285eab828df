import { describe, expect, it } from 'vitest';
import { parseEditAnswer } from '../../../src/core/edits/parseAnswer';
import { cartPy, cartTs, fence, fix, orderPy, python, utilJs } from './fixtures';

describe('answers that are a whole function', () => {
  it('replaces a top-level Python function given in a fence with prose around it', async () => {
    const answer = `The discount is applied as a fraction; it should be a percentage.\n\n${fence('python', 'def discount(total, percent):\n    return total - total * percent / 100')}\n\nThis divides by 100.`;
    const result = await fix(answer, python(), { defaultFile: 'shop/cart.py' });
    expect(result.reasons).toEqual([]);
    expect(result.files.get('shop/cart.py')).toBe(cartPy.replace('return total - total * percent\n', 'return total - total * percent / 100\n'));
    expect(result.changedFiles).toEqual(['shop/cart.py']);
  });

  it('finds a method given on its own (at column 0) in its class, re-indents it and keeps its decorator', async () => {
    const answer = fence('python', 'def total(self):\n    return sum(item.price * item.quantity for item in self.items)');
    const result = await fix(answer, python(), { defaultFile: 'shop/cart.py' });
    expect(result.parsed.edits).toMatchObject([{ kind: 'replace-symbol', file: 'shop/cart.py', qualifiedName: 'Cart.total', symbolKind: 'method' }]);
    expect(result.files.get('shop/cart.py')).toContain(
      '    @property\n    def total(self):\n        return sum(item.price * item.quantity for item in self.items)\n\n    def count(self):',
    );
  });

  it('replaces only the methods given inside their class (Cart.total), leaving the others', async () => {
    const answer = fence('python', 'class Cart:\n    @property\n    def total(self):\n        return sum(i.price * i.quantity for i in self.items)');
    const result = await fix(answer, python());
    expect(result.parsed.edits).toMatchObject([{ kind: 'replace-symbol', qualifiedName: 'Cart.total' }]);
    const text = result.files.get('shop/cart.py')!;
    expect(text).toContain('        return sum(i.price * i.quantity for i in self.items)');
    expect(text).toContain('    def add(self, item):\n        self.items.append(item)');
    expect(text).toContain('    def count(self):');
  });

  it('re-indents an answer written with 2 spaces into a file indented with 4', async () => {
    const answer = fence('python', 'def discount(total, percent):\n  if percent > 1:\n    percent = percent / 100\n  return total - total * percent');
    const result = await fix(answer, python());
    expect(result.files.get('shop/cart.py')).toContain('def discount(total, percent):\n    if percent > 1:\n        percent = percent / 100\n    return total - total * percent\n');
  });

  it('replaces a TypeScript method inside its class and keeps `export` on a function given without it', async () => {
    const files = new Map([['src/cart.ts', cartTs]]);
    const answer = [
      'Two fixes:',
      fence('ts', 'class Cart {\n  total(): number {\n    return this.items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n  }\n}'),
      fence('typescript', 'function applyDiscount(total: number, percent: number): number {\n  return round(total - (total * percent) / 100);\n}'),
    ].join('\n\n');
    const result = await fix(answer, files);
    expect(result.reasons).toEqual([]);
    const text = result.files.get('src/cart.ts')!;
    expect(text).toContain('  total(): number {\n    return this.items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n  }\n}');
    expect(text).toContain('  add(item: Item): void {');
    expect(text).toContain('export function applyDiscount(total: number, percent: number): number {\n  return round(total - (total * percent) / 100);\n}');
  });

  it('replaces a JavaScript function and an arrow function', async () => {
    const files = new Map([
      ['src/util.js', utilJs],
      ['src/cart.ts', cartTs],
    ]);
    const js = await fix(fence('js', 'function clamp(value, min, max) {\n  return Math.max(min, Math.min(value, max));\n}'), files);
    expect(js.files.get('src/util.js')).toContain('function clamp(value, min, max) {\n  return Math.max(min, Math.min(value, max));\n}\n\nmodule.exports');
    const arrow = await fix(fence('ts', 'export const count = (cart: Item[]) => cart.reduce((n, item) => n + item.quantity, 0);'), files);
    expect(arrow.files.get('src/cart.ts')).toContain('export const count = (cart: Item[]) => cart.reduce((n, item) => n + item.quantity, 0);\n');
  });

  it('accepts a TypeScript or JavaScript method given without its class', async () => {
    const files = new Map([['src/cart.ts', cartTs]]);
    const result = await fix(fence('typescript', 'total(): number {\n  return this.items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n}'), files);
    expect(result.reasons).toEqual([]);
    expect(result.parsed.edits).toMatchObject([{ kind: 'replace-symbol', qualifiedName: 'Cart.total', symbolKind: 'method' }]);
    expect(result.files.get('src/cart.ts')).toContain('  total(): number {\n    return this.items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n  }\n}');
    const js = new Map([['src/stack.js', 'class Stack {\n  constructor() {\n    this.items = [];\n  }\n\n  pop() {\n    return this.items.shift();\n  }\n}\n']]);
    const popped = await fix(fence('js', 'pop() {\n  return this.items.pop();\n}'), js);
    expect(popped.files.get('src/stack.js')).toContain('  pop() {\n    return this.items.pop();\n  }\n}');
  });

  it('accepts a method alone whose parameters span several lines, and an object method ending in a comma', async () => {
    const client = 'export class Runs {\n  retrieve(\n    id: string,\n    options?: object,\n  ): Promise<string> {\n    return this.get(id, options);\n  }\n}\n';
    const result = await fix(fence('ts', 'retrieve(\n  id: string,\n  options?: object,\n): Promise<string> {\n  return this.get(encodeURIComponent(id), options);\n}'), new Map([['src/runs.ts', client]]));
    expect(result.files.get('src/runs.ts')).toContain('    return this.get(encodeURIComponent(id), options);\n  }\n}');
    const iterator = 'export function iterate(reader) {\n  return {\n    async next() {\n      return reader.read();\n    },\n    async return() {\n      reader.releaseLock();\n    },\n  };\n}\n';
    const fixed = await fix(fence('js', '    async next() {\n      const chunk = await reader.read();\n      return chunk;\n    },'), new Map([['src/iterate.js', iterator]]));
    expect(fixed.reasons).toEqual([]);
    expect(fixed.files.get('src/iterate.js')).toContain('      return chunk;\n    },\n    async return() {');
  });

  it('replaces a function assigned mid-line when the answer writes the whole line', async () => {
    const bdd = 'module.exports = function (context) {\n  context.describe = context.context = function (title, fn) {\n    return create(title, fn);\n  };\n};\n';
    const result = await fix(fence('js', 'context.describe = context.context = function (title, fn) {\n  return create(String(title), fn);\n};'), new Map([['lib/bdd.js', bdd]]));
    expect(result.reasons).toEqual([]);
    expect(result.files.get('lib/bdd.js')).toBe(bdd.replace('create(title, fn)', 'create(String(title), fn)'));
  });

  it('does not take a call for a method', async () => {
    const parsed = await parseEditAnswer(fence('python', 'discount(10, 5)'), { files: python() });
    expect(parsed.edits).toEqual([]);
  });

  it('takes `def total(self)` for the method even when a function of that name exists', async () => {
    const files = new Map([['shop/cart.py', `${cartPy}

def total(items):
    return sum(items)
`]]);
    const result = await fix(fence('python', 'def total(self):\n    return 0'), files);
    expect(result.parsed.edits).toMatchObject([{ qualifiedName: 'Cart.total' }]);
    const plain = await fix(fence('python', 'def total(items):\n    return 0'), files);
    expect(plain.parsed.edits).toMatchObject([{ qualifiedName: 'total' }]);
  });

  it('replaces a whole class when the answer gives all its methods', async () => {
    const answer = fence(
      'python',
      'class Cart:\n    def __init__(self):\n        self.items = []\n\n    def add(self, item):\n        self.items.append(item)\n\n    @property\n    def total(self):\n        return sum(i.price * i.quantity for i in self.items)\n\n    def count(self):\n        return sum(i.quantity for i in self.items)',
    );
    const result = await fix(answer, python());
    expect(result.parsed.edits).toMatchObject([{ kind: 'replace-symbol', qualifiedName: 'Cart', symbolKind: 'class' }]);
    expect(result.files.get('shop/cart.py')).toContain('        return sum(i.quantity for i in self.items)\n\n\ndef discount');
  });

  it('inserts a new helper next to the function it came with, and adds its import', async () => {
    const answer = fence('python', 'import decimal\n\n\ndef _as_money(value):\n    return decimal.Decimal(value).quantize(decimal.Decimal("0.01"))\n\n\ndef discount(total, percent):\n    return _as_money(total - total * percent / 100)');
    const result = await fix(answer, python());
    expect(result.reasons).toEqual([]);
    const text = result.files.get('shop/cart.py')!;
    expect(text.startsWith('"""Shopping cart."""\nimport math\nimport decimal\n')).toBe(true);
    expect(text).toContain('def _as_money(value):\n    return decimal.Decimal(value).quantize(decimal.Decimal("0.01"))\n\n\ndef discount(total, percent):\n    return _as_money(');
  });

  it('inserts a new method after the one it follows in the class', async () => {
    const answer = fence('python', 'class Cart:\n    def add(self, item):\n        self._check(item)\n        self.items.append(item)\n\n    def _check(self, item):\n        if item.price < 0:\n            raise ValueError("negative price")');
    const result = await fix(answer, python());
    expect(result.reasons).toEqual([]);
    expect(result.files.get('shop/cart.py')).toContain(
      '    def add(self, item):\n        self._check(item)\n        self.items.append(item)\n\n    def _check(self, item):\n        if item.price < 0:\n            raise ValueError("negative price")\n\n    @property',
    );
  });

  it('uses the last version when the answer shows the function before and after', async () => {
    const answer = `Before:\n${fence('python', 'def discount(total, percent):\n    return total - total * percent')}\nAfter:\n${fence('python', 'def discount(total, percent):\n    return total * (1 - percent / 100)')}`;
    const result = await fix(answer, python());
    expect(result.files.get('shop/cart.py')).toContain('    return total * (1 - percent / 100)\n');
  });

  it('accepts an answer that is only code, without a fence', async () => {
    const result = await fix('def discount(total, percent):\n    return total * (1 - percent / 100)\n', python(), { defaultFile: 'shop/cart.py' });
    expect(result.files.get('shop/cart.py')).toContain('    return total * (1 - percent / 100)\n');
  });

  it('chooses between methods of the same name with the targets, else explains the ambiguity', async () => {
    const files = new Map([...python(), ['shop/order.py', orderPy]]);
    const answer = fence('python', 'def total(self):\n    return round(sum(self.lines), 2)');
    const ambiguous = await fix(answer, files);
    expect(ambiguous.reasons).toEqual([
      'The new `total` (block 1): `total` is defined 2 times (Cart.total at shop/cart.py:19, Order.total at shop/order.py:5); give the method inside its class, or use a SEARCH/REPLACE block naming the file.',
    ]);
    const targeted = await fix(answer, files, { targets: [{ file: 'shop/order.py', qualifiedName: 'Order.total' }] });
    expect(targeted.reasons).toEqual([]);
    expect(targeted.files.get('shop/order.py')).toContain('        return round(sum(self.lines), 2)');
    // The default file wins when it has the name.
    const byDefault = await fix(answer, files, { defaultFile: 'shop/order.py' });
    expect(byDefault.changedFiles).toEqual(['shop/order.py']);
  });
});

describe('answers with SEARCH/REPLACE blocks and diffs', () => {
  it('applies several blocks in several files, resolving a short path', async () => {
    const files = new Map([...python(), ['shop/order.py', orderPy]]);
    const answer = [
      'cart.py',
      fence('python', '<<<<<<< SEARCH\n        return sum(item.price for item in self.items)\n=======\n        return sum(item.price * item.quantity for item in self.items)\n>>>>>>> REPLACE'),
      'shop/order.py',
      fence('python', '<<<<<<< SEARCH\n        return sum(self.lines)\n=======\n        return float(sum(self.lines))\n>>>>>>> REPLACE'),
    ].join('\n');
    const result = await fix(answer, files);
    expect(result.reasons).toEqual([]);
    expect(result.changedFiles.sort()).toEqual(['shop/cart.py', 'shop/order.py']);
    expect(result.applied.map((a) => [a.file, a.startLine])).toEqual([
      ['shop/cart.py', 21],
      ['shop/order.py', 6],
    ]);
  });

  it('matches SEARCH text written with the wrong indentation and re-indents the replacement', async () => {
    const answer = 'shop/cart.py\n```\n<<<<<<< SEARCH\n@property\ndef total(self):\n    return sum(item.price for item in self.items)\n=======\n@property\ndef total(self):\n    return sum(item.price * item.quantity for item in self.items)\n>>>>>>> REPLACE\n```';
    const result = await fix(answer, python());
    expect(result.applied[0]!.note).toBe('matched ignoring indentation');
    expect(result.files.get('shop/cart.py')).toContain('    @property\n    def total(self):\n        return sum(item.price * item.quantity for item in self.items)\n');
  });

  it('converts a replacement written with 2-space indentation when its SEARCH text shows it', async () => {
    const answer = 'shop/cart.py\n```\n<<<<<<< SEARCH\ndef count(self):\n  return len(self.items)\n=======\ndef count(self):\n  if not self.items:\n    return 0\n  return sum(i.quantity for i in self.items)\n>>>>>>> REPLACE\n```';
    const result = await fix(answer, python());
    expect(result.reasons).toEqual([]);
    expect(result.files.get('shop/cart.py')).toContain('    def count(self):\n        if not self.items:\n            return 0\n        return sum(i.quantity for i in self.items)\n');
  });

  it('applies a unified diff', async () => {
    const answer = '```diff\n--- a/shop/cart.py\n+++ b/shop/cart.py\n@@ -28,2 +28,2 @@\n def discount(total, percent):\n-    return total - total * percent\n+    return total - total * percent / 100\n```';
    const result = await fix(answer, python());
    expect(result.reasons).toEqual([]);
    expect(result.files.get('shop/cart.py')).toContain('    return total - total * percent / 100\n');
  });

  it('ignores illustration code blocks next to SEARCH/REPLACE blocks', async () => {
    const answer = `The test does:\n${fence('python', 'def test_total():\n    assert cart.total == 6.0')}\nFix:\nshop/cart.py\n${fence('python', '<<<<<<< SEARCH\n    return total - total * percent\n=======\n    return total - total * percent / 100\n>>>>>>> REPLACE')}`;
    const result = await fix(answer, python());
    expect(result.parsed.edits).toHaveLength(1);
    expect(result.changedFiles).toEqual(['shop/cart.py']);
  });
});

describe('answers that cannot be used', () => {
  it('uses the complete blocks of a truncated answer and reports the cut one', async () => {
    const answer = `shop/cart.py\n${fence('python', '<<<<<<< SEARCH\n    return total - total * percent\n=======\n    return total - total * percent / 100\n>>>>>>> REPLACE')}\nshop/cart.py\n\`\`\`python\n<<<<<<< SEARCH\n        return len(self.items)\n=======\n        return sum(i.quan`;
    const result = await fix(answer, python(), { finishReason: 'length' });
    expect(result.applied).toHaveLength(1);
    expect(result.parsed.problems).toEqual([{ kind: 'truncated', block: 2, message: 'Block 2 for shop/cart.py was cut off before its ">>>>>>> REPLACE" line; it was not applied.' }]);
  });

  it('reports a whole function cut off at the token limit', async () => {
    const parsed = await parseEditAnswer('```python\ndef discount(total, percent):\n    return total - total', { files: python(), finishReason: 'length' });
    expect(parsed.edits).toEqual([]);
    expect(parsed.problems).toEqual([{ kind: 'truncated', block: 1, message: 'Code block 1 was cut off before its closing fence; it was not used.' }]);
  });

  it('says so when the answer has no code', async () => {
    const parsed = await parseEditAnswer('The bug is that the total ignores the quantity. Multiply the price by the quantity.', { files: python() });
    expect(parsed.edits).toEqual([]);
    expect(parsed.problems).toEqual([{ kind: 'no-edits', message: 'The answer contains no code. Reply with SEARCH/REPLACE blocks, or with the whole corrected function in a fenced code block.' }]);
  });

  it('says so when a code block is not a function', async () => {
    const parsed = await parseEditAnswer(fence('python', 'total = sum(item.price * item.quantity for item in items)'), { files: python() });
    expect(parsed.edits).toEqual([]);
    expect(parsed.problems).toEqual([{ kind: 'unrecognized', block: 1, message: 'Code block 1 is neither a SEARCH/REPLACE block nor a whole function or class, so it was not used.' }]);
  });

  it('says so when the function does not exist in the code shown', async () => {
    const parsed = await parseEditAnswer(fence('python', 'def subtotal(items):\n    return 0'), { files: python(), defaultFile: 'shop/cart.py' });
    expect(parsed.problems[0]).toEqual({
      kind: 'unrecognized',
      block: 1,
      message: 'Code block 1 defines `subtotal`, which does not exist in shop/cart.py; replace an existing function, or add new code with a SEARCH/REPLACE block.',
    });
  });

  it('ignores command and output fences', async () => {
    const parsed = await parseEditAnswer(`Run:\n${fence('bash', 'pytest -q')}\n${fence('python', 'def discount(total, percent):\n    return 0')}`, { files: python() });
    expect(parsed.edits).toHaveLength(1);
    expect(parsed.problems).toEqual([]);
  });

  it('reports statements outside the functions that it did not use', async () => {
    const parsed = await parseEditAnswer(fence('python', 'RATE = 100\n\ndef discount(total, percent):\n    return total - total * percent / RATE'), { files: python() });
    expect(parsed.edits).toHaveLength(1);
    expect(parsed.problems).toEqual([{ kind: 'ignored', block: 1, message: 'Code block 1: 1 statement(s) outside the functions were not used (first: `RATE = 100`).' }]);
  });
});
