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

  it('gives an incremental re-parse the same tree and node texts as a fresh parse, across short reads and surrogate pairs', async () => {
    // Long enough for many reads; astral characters (two UTF-16 units) fall on every offset
    // parity, so some straddle the boundary between two reads.
    const lines = Array.from({ length: 120 }, (_, i) => `    s${i} = "${'\u{1F600}'.repeat(i % 7)}x${'é'.repeat(i % 5)}"  # ${'\u{1D11E}'.repeat(i % 3)} note ${i}`);
    const before = `class Box:\n${lines.join('\n')}\n    def get(self):\n        return self.s1\n`;
    const at = before.indexOf('s60 =');
    const after = `${before.slice(0, at)}renamed_${before.slice(at)}`;
    const old = await parseText('python', before);
    const lineOf = before.slice(0, at).split('\n').length - 1;
    const column = at - (before.lastIndexOf('\n', at - 1) + 1);
    old.edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + 8, startPosition: { row: lineOf, column }, oldEndPosition: { row: lineOf, column }, newEndPosition: { row: lineOf, column: column + 8 } });
    const incremental = await parseText('python', after, old);
    const fresh = await parseText('python', after);
    expect(incremental.rootNode.toString()).toBe(fresh.rootNode.toString());
    expect(incremental.rootNode.text).toBe(after);
    const assignments = (tree: typeof fresh) => tree.rootNode.descendantsOfType('assignment').map((n) => `${n!.startIndex}:${n!.text}`);
    expect(assignments(incremental)).toEqual(assignments(fresh));
    expect(assignments(incremental)).toContain(`${at}:${after.slice(at, after.indexOf('\n', at)).replace(/\s+# .*$/, '')}`);
    for (const tree of [old, incremental, fresh]) tree.delete();
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
