import { describe, expect, it } from 'vitest';
import { countErrorNodes, countErrorsInLines, parseText } from '../../../src/core/index/parser';

describe('parser', () => {
  it('parses into a tree the caller deletes', async () => {
    const tree = await parseText('python', 'def f():\n    return 1\n');
    expect(tree.rootNode.type).toBe('module');
    expect(tree.rootNode.hasError).toBe(false);
    tree.delete();
  });

  it('reparses incrementally from an edited old tree', async () => {
    const before = 'const a = 1;\nconst b = 2;\n';
    const tree = await parseText('javascript', before);
    const after = before.replace('2', '22');
    tree.edit({ startIndex: 23, oldEndIndex: 24, newEndIndex: 25, startPosition: { row: 1, column: 10 }, oldEndPosition: { row: 1, column: 11 }, newEndPosition: { row: 1, column: 12 } });
    const next = await parseText('javascript', after, tree);
    expect(next.rootNode.text).toBe(after);
    expect(next.rootNode.hasError).toBe(false);
    tree.delete();
    next.delete();
  });

  it('counts ERROR and MISSING nodes only in the asked lines', async () => {
    const text = ['def ok():', '    return 1', '', 'def bad(:', '    return (', '', 'def fine():', '    return 2', ''].join('\n');
    expect(await countErrorsInLines('python', text, 1, 2)).toBe(0);
    expect(await countErrorsInLines('python', text, 4, 5)).toBeGreaterThan(0);
    expect(await countErrorsInLines('python', 'def ok():\n    return 1\n', 1, 100)).toBe(0);
    expect(await countErrorsInLines('typescript', 'function f(a: number {\n  return a;\n}\n', 1, 1)).toBeGreaterThan(0);
  });

  it('counts a missing token as an error', async () => {
    const tree = await parseText('javascript', 'foo(1, 2;\n');
    expect(countErrorNodes(tree.rootNode)).toBeGreaterThan(0);
    tree.delete();
  });
});
