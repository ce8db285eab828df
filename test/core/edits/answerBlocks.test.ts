import { describe, expect, it } from 'vitest';
import { pathInLine, scanAnswer } from '../../../src/core/edits/answerBlocks';

const sr = (search: string, replace: string) => `<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE`;

describe('scanning an answer into blocks', () => {
  it('reads a SEARCH/REPLACE block in a fence, with the path on the line before', () => {
    const { blocks, problems } = scanAnswer(`I found the bug.\n\nshop/cart.py\n\`\`\`python\n${sr('a = 1', 'a = 2')}\n\`\`\`\n\nThat should do it.`);
    expect(problems).toEqual([]);
    expect(blocks).toEqual([{ type: 'search-replace', file: 'shop/cart.py', search: 'a = 1', replace: 'a = 2', block: 1 }]);
  });

  it('finds the path in prose, headings, backticks, the fence tag, or inside the fence', () => {
    const files = (answer: string) => scanAnswer(answer).blocks.map((b) => ('file' in b ? b.file : undefined));
    expect(files(`In \`src/cart.ts\`:\n\`\`\`ts\n${sr('x', 'y')}\n\`\`\``)).toEqual(['src/cart.ts']);
    expect(files(`### File: src/cart.ts\n\`\`\`\n${sr('x', 'y')}\n\`\`\``)).toEqual(['src/cart.ts']);
    expect(files(`\`\`\`src/cart.ts\n${sr('x', 'y')}\n\`\`\``)).toEqual(['src/cart.ts']);
    expect(files(`\`\`\`typescript:src/cart.ts\n${sr('x', 'y')}\n\`\`\``)).toEqual(['src/cart.ts']);
    expect(files(`\`\`\`python\nshop/cart.py\n${sr('x', 'y')}\n\`\`\``)).toEqual(['shop/cart.py']);
    expect(files(`**shop/cart.py**\n${sr('x', 'y')}\n`)).toEqual(['shop/cart.py']);
  });

  it('carries the file of the previous block to a block that names none', () => {
    const { blocks } = scanAnswer(`shop/cart.py\n\`\`\`python\n${sr('a', 'b')}\n${sr('c', 'd')}\n\`\`\`\n\`\`\`python\n${sr('e', 'f')}\n\`\`\``);
    expect(blocks.map((b) => ('file' in b ? b.file : '?'))).toEqual(['shop/cart.py', 'shop/cart.py', 'shop/cart.py']);
    expect(blocks.map((b) => b.block)).toEqual([1, 2, 3]);
  });

  it('handles CRLF answers and longer marker runs', () => {
    const { blocks } = scanAnswer('a.py\r\n```\r\n<<<<<<<<< SEARCH\r\nx = 1\r\n=========\r\nx = 2\r\n>>>>>>>>> REPLACE\r\n```\r\n');
    expect(blocks).toMatchObject([{ type: 'search-replace', search: 'x = 1', replace: 'x = 2' }]);
  });

  it('accepts a block whose REPLACE marker is missing before the closing fence or the next block', () => {
    const { blocks, problems } = scanAnswer(`a.py\n\`\`\`\n<<<<<<< SEARCH\na\n=======\nb\n<<<<<<< SEARCH\nc\n=======\nd\n\`\`\``);
    expect(problems).toEqual([]);
    expect(blocks).toMatchObject([
      { search: 'a', replace: 'b' },
      { search: 'c', replace: 'd' },
    ]);
  });

  it('keeps the complete blocks of a truncated answer and reports the cut one', () => {
    const { blocks, problems } = scanAnswer(`a.py\n\`\`\`\n${sr('one', 'two')}\n<<<<<<< SEARCH\nthree\n=======\nfo`);
    expect(blocks).toHaveLength(1);
    expect(problems).toEqual([{ kind: 'truncated', block: 2, message: 'Block 2 for a.py was cut off before its ">>>>>>> REPLACE" line; it was not applied.' }]);
  });

  it('reports a block without its divider', () => {
    const { blocks, problems } = scanAnswer('a.py\n```\n<<<<<<< SEARCH\none\ntwo\n```');
    expect(blocks).toEqual([]);
    expect(problems[0]).toMatchObject({ kind: 'malformed', block: 1 });
  });

  it('reads fenced code with and without language tags, and marks an unclosed fence', () => {
    const { blocks } = scanAnswer('Fix:\n```\ndef f():\n    return 1\n```\nand\n~~~py\ndef g():\n    return 2\n~~~\nlast:\n```python\ndef h():\n    ret');
    expect(blocks).toEqual([
      { type: 'code', lang: '', code: 'def f():\n    return 1', complete: true, block: 1 },
      { type: 'code', lang: 'py', code: 'def g():\n    return 2', complete: true, block: 2 },
      { type: 'code', lang: 'python', code: 'def h():\n    ret', complete: false, block: 3 },
    ]);
  });

  it('drops <think> sections, and reports an answer cut off while thinking', () => {
    const { blocks } = scanAnswer('<think>maybe ```python\ndef wrong(): pass\n```</think>\n```python\ndef right():\n    pass\n```');
    expect(blocks).toMatchObject([{ type: 'code', code: 'def right():\n    pass' }]);
    expect(scanAnswer('<think>Let me consider the failing test').problems).toMatchObject([{ kind: 'truncated' }]);
  });

  it('reads unified diffs, fenced or not, as search/replace hunks', () => {
    const diff = '--- a/shop/cart.py\n+++ b/shop/cart.py\n@@ -1,3 +1,3 @@\n def total(items):\n-    return sum(items)\n+    return round(sum(items), 2)\n\n';
    expect(scanAnswer('```diff\n' + diff + '```').blocks).toEqual([
      { type: 'diff', block: 1, hunks: [{ file: 'shop/cart.py', search: 'def total(items):\n    return sum(items)', replace: 'def total(items):\n    return round(sum(items), 2)', line: 1 }] },
    ]);
    expect(scanAnswer('Patch:\n' + diff).blocks).toMatchObject([{ type: 'diff', hunks: [{ file: 'shop/cart.py' }] }]);
  });

  it('recognises paths only with a source-file extension', () => {
    expect(pathInLine('Update `shop/cart.py`:')).toBe('shop/cart.py');
    expect(pathInLine('C:\\proj\\src\\a.ts')).toBe('C:/proj/src/a.ts');
    expect(pathInLine('The method cart.total is wrong.')).toBeUndefined();
    expect(pathInLine('Call self.items.append')).toBeUndefined();
  });
});
