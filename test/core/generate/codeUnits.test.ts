import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStubs, readCodeUnits, unitAt, unitForSelection, unitNamed } from '../../../src/core/generate/codeUnits';

const fixture = (p: string) => readFileSync(path.join(__dirname, '../../fixtures', p), 'utf8');

describe('stub detection', () => {
  it('finds Python stubs: raise NotImplementedError, ..., pass, docstring only', async () => {
    const source = [
      'class Shelf:',
      '    def add(self, book):',
      '        """Adds a book."""',
      '        raise NotImplementedError',
      '',
      '    def count(self) -> int:',
      '        return len(self.books)',
      '',
      'def a():',
      '    ...',
      '',
      'def b():',
      '    # later',
      '    pass',
      '',
      'def c():',
      '    """Only a docstring."""',
      '',
      '@decorated',
      'def d(x):',
      '    raise NotImplementedError("todo: d")',
      '',
      'def e():',
      '    raise ValueError("bad input")',
      '',
      'def f():',
      '    pass',
      '    return 1',
    ].join('\n');
    const stubs = await findStubs('shelf.py', source);
    expect(stubs.map((s) => [s.qualifiedName, s.stub])).toEqual([
      ['Shelf.add', 'not-implemented'],
      ['a', 'ellipsis'],
      ['b', 'pass'],
      ['c', 'empty'],
      ['d', 'not-implemented'],
    ]);
    const add = stubs[0]!;
    expect(add.kind).toBe('method');
    expect(add.className).toBe('Shelf');
    expect(add.doc).toBe('Adds a book.');
    expect(add.signature).toBe('def add(self, book)');
    expect([add.startLine, add.endLine, add.bodyStartLine]).toEqual([2, 4, 3]);
    expect(stubs.find((s) => s.name === 'd')!.startLine).toBe(19);
  });

  it('finds JavaScript and TypeScript stubs: not-implemented throws and empty bodies', async () => {
    const source = [
      '/** Adds two numbers. */',
      'export function add(a: number, b: number): number {',
      "  throw new Error('Not implemented');",
      '}',
      'export const sub = (a: number, b: number): number => {',
      '  // TODO',
      '};',
      'export class Calc {',
      '  constructor() {}',
      '  mul(a: number, b: number): number {',
      '    throw new NotImplementedError();',
      '  }',
      '  reset(): void {}',
      '  div(a: number, b: number): number {',
      "    throw new RangeError('division by zero');",
      '  }',
      '}',
      'function legacy() {',
      "  throw 'TODO';",
      '}',
    ].join('\n');
    const stubs = await findStubs('calc.ts', source);
    expect(stubs.map((s) => [s.qualifiedName, s.stub])).toEqual([
      ['add', 'not-implemented'],
      ['sub', 'empty'],
      ['Calc.mul', 'not-implemented'],
      ['legacy', 'not-implemented'],
    ]);
    expect(stubs[0]!.doc).toBe('Adds two numbers.');
    const js = await findStubs('calc.js', 'module.exports.f = function f(x) {\n  throw new Error("unimplemented");\n};\nfunction g() {}\n');
    expect(js.map((s) => s.name)).toEqual(['f', 'g']);
  });

  it('reports implemented functions without a stub kind, with their statement lines', async () => {
    const units = await readCodeUnits('shelf/shelving.py', fixture('generate-py/shelf/shelving.py'));
    const reading = unitNamed(units, 'reading_time')!;
    expect(reading.stub).toBeUndefined();
    expect(reading.statementLines.length).toBeGreaterThan(8);
    expect(reading.statementLines.every((l) => l > reading.bodyStartLine - 1 && l <= reading.endLine)).toBe(true);
    // The docstring is not a statement a tracer reports.
    expect(reading.statementLines).not.toContain(reading.bodyStartLine);
  });

  it('finds the stubs of both fixtures', async () => {
    const py = await findStubs('shelf/text.py', fixture('generate-py/shelf/text.py'));
    expect(py.map((s) => [s.name, s.stub])).toEqual([
      ['slugify', 'not-implemented'],
      ['initials', 'ellipsis'],
    ]);
    const stats = await findStubs('shelf/stats.py', fixture('generate-py/shelf/stats.py'));
    expect(stats.map((s) => [s.name, s.stub])).toEqual([['median', 'pass']]);
    const ts = await findStubs('src/money.ts', fixture('generate-ts/src/money.ts'));
    expect(ts.map((s) => [s.name, s.stub])).toEqual([
      ['formatCents', 'not-implemented'],
      ['splitEvenly', 'empty'],
    ]);
  });

  it('picks the unit at a cursor, in a selection and by name', async () => {
    const units = await readCodeUnits('shelf/shelving.py', fixture('generate-py/shelf/shelving.py'));
    expect(unitAt(units, 7)?.qualifiedName).toBe('Book');
    expect(unitAt(units, 20)?.qualifiedName).toBe('shelves_needed');
    expect(unitAt(units, 1)).toBeUndefined();
    expect(unitForSelection(units, 1, 40)?.qualifiedName).toBe('Book');
    expect(unitNamed(units, 'reading_time')?.kind).toBe('function');
    expect(unitNamed(units, 'nope')).toBeUndefined();
  });
});

describe('statement lines (the denominator of line coverage)', () => {
  it('counts statements in nested blocks, not docstrings, definitions or class-level code', async () => {
    const source = [
      'class Shelf:', //1
      '    """A shelf."""', //2
      '    limit = 10', //3
      '', //4
      '    def add(self, book):', //5
      '        """Adds."""', //6
      '        if book is None:', //7
      '            raise ValueError("no book")', //8
      '        elif len(self.books) > self.limit:', //9
      '            return False', //10
      '        self.books.append(book)', //11
      '        return True', //12
    ].join('\n');
    const units = await readCodeUnits('shelf.py', source);
    expect(unitNamed(units, 'Shelf')!.statementLines).toEqual([7, 8, 10, 11, 12]);
    expect(unitNamed(units, 'Shelf.add')!.statementLines).toEqual([7, 8, 10, 11, 12]);
    const ts = await readCodeUnits('a.ts', 'export function f(x: number): number {\n  if (x > 0) {\n    return 1;\n  }\n  const y = x * 2;\n  return y;\n}\nexport const g = (x: number) => { return x; };\n');
    expect(unitNamed(ts, 'f')!.statementLines).toEqual([2, 3, 5, 6]);
    expect(unitNamed(ts, 'g')!.statementLines).toEqual([8]);
  });
});
