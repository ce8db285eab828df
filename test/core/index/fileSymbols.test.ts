import { describe, expect, it } from 'vitest';
import { extractFileSymbols, extractFromTree } from '../../../src/core/index/fileSymbols';
import { parseText, queryFor } from '../../../src/core/index/parser';
import type { CodeSymbol, Reference } from '../../../src/core/index/types';

const byQualifiedName = (symbols: CodeSymbol[]) => Object.fromEntries(symbols.map((s) => [s.qualifiedName, s]));
const calls = (refs: Reference[]) => refs.filter((r) => r.kind === 'call').map((r) => `${r.from.split('#')[1] ?? '<module>'} -> ${r.receiver ? `${r.receiver}.` : ''}${r.name}`);

describe('Python symbols', () => {
  const source = [
    '"""Shop module."""', //                                   1
    'import os.path as p, sys', //                             2
    'from ..pkg.mod import a, b as c', //                      3
    'from . import sibling', //                                4
    'from helpers import *', //                                5
    '', //                                                     6
    'class Cart(Base, mod.Mixin, metaclass=Meta):', //         7
    '    """A cart.', //                                       8
    '', //                                                     9
    '    Holds items.', //                                     10
    '    """', //                                              11
    '', //                                                     12
    '    @property', //                                        13
    '    def total(self, items: list[int]) -> float:', //      14
    '        """Sum of items."""', //                          15
    '        def inner(x):', //                                16
    '            return helper(x)', //                         17
    '        return super().total() + self.tax(inner(1))', // 18
    '', //                                                     19
    '    def tax(self, v): return p.join(v)', //               20
    '', //                                                     21
    'def helper(x):', //                                       22
    '    return x', //                                         23
    '', //                                                     24
    'handler = lambda event: event', //                        25
    '',
  ].join('\n');

  it('finds the module, classes, methods, nested and lambda functions with qualified names', async () => {
    const { symbols, parseErrors } = await extractFileSymbols('shop/cart.py', source);
    expect(parseErrors).toBe(0);
    expect(symbols.map((s) => `${s.kind} ${s.qualifiedName}`)).toEqual([
      'module shop.cart',
      'class Cart',
      'method Cart.total',
      'function Cart.total.inner',
      'method Cart.tax',
      'function helper',
      'function handler',
    ]);
    const named = byQualifiedName(symbols);
    expect(named['shop.cart']!.id).toBe('shop/cart.py');
    expect(named['Cart.total']!.id).toBe('shop/cart.py#Cart.total');
    expect(named['Cart.total']!.parentId).toBe('shop/cart.py#Cart');
    expect(named.Cart!.parentId).toBe('shop/cart.py');
  });

  it('gives ranges that include decorators, signatures without the body, and cleaned docstrings', async () => {
    const named = byQualifiedName((await extractFileSymbols('shop/cart.py', source)).symbols);
    expect(named['Cart.total']).toMatchObject({ startLine: 13, endLine: 18, signature: 'def total(self, items: list[int]) -> float', doc: 'Sum of items.' });
    expect(named.Cart).toMatchObject({ startLine: 7, endLine: 20, signature: 'class Cart(Base, mod.Mixin, metaclass=Meta)', doc: 'A cart.\n\nHolds items.' });
    expect(named['shop.cart']!.doc).toBe('Shop module.');
    expect(named['Cart.tax']!.signature).toBe('def tax(self, v)');
    expect(named.handler!.signature).toBe('handler = lambda event');
    expect(named['Cart.total.inner']!.doc).toBeUndefined();
    expect(source.slice(named.helper!.startByte, named.helper!.endByte)).toBe('def helper(x):\n    return x');
  });

  it('reports calls with their receiver and enclosing symbol', async () => {
    const { references } = await extractFileSymbols('shop/cart.py', source);
    expect(calls(references)).toEqual([
      'Cart.total.inner -> helper',
      'Cart.total -> super',
      'Cart.total -> super().total',
      'Cart.total -> self.tax',
      'Cart.total -> inner',
      'Cart.tax -> p.join',
    ]);
    const tax = references.find((r) => r.name === 'tax')!;
    expect(tax).toMatchObject({ line: 18, column: 33, from: 'shop/cart.py#Cart.total' });
    expect(source.slice(tax.startByte, tax.startByte + 'self.tax'.length)).toBe('self.tax');
  });

  it('reports every import form and base classes (not keyword arguments)', async () => {
    const { references } = await extractFileSymbols('shop/cart.py', source);
    const imports = references.filter((r) => r.kind === 'import').map(({ importKind, source: from, name, alias }) => ({ importKind, source: from, name, alias }));
    expect(imports).toEqual([
      { importKind: 'module', source: 'os.path', name: '', alias: 'p' },
      { importKind: 'module', source: 'sys', name: '', alias: undefined },
      { importKind: 'named', source: '..pkg.mod', name: 'a', alias: undefined },
      { importKind: 'named', source: '..pkg.mod', name: 'b', alias: 'c' },
      { importKind: 'named', source: '.', name: 'sibling', alias: undefined },
      { importKind: 'wildcard', source: 'helpers', name: '*', alias: undefined },
    ]);
    const bases = references.filter((r) => r.kind === 'inherit').map((r) => [r.receiver, r.name, r.from]);
    expect(bases).toEqual([
      [undefined, 'Base', 'shop/cart.py#Cart'],
      ['mod', 'Mixin', 'shop/cart.py#Cart'],
    ]);
  });

  it('names packages after their folder', async () => {
    const { symbols } = await extractFileSymbols('shop/__init__.py', 'x = 1\n');
    expect(symbols[0]).toMatchObject({ kind: 'module', name: '__init__', qualifiedName: 'shop', startLine: 1, endLine: 1 });
  });

  it('numbers duplicate definitions so ids stay unique', async () => {
    const { symbols } = await extractFileSymbols('m.py', 'class A:\n    @property\n    def x(self): return 1\n    @x.setter\n    def x(self, v): pass\n');
    expect(symbols.map((s) => s.id)).toEqual(['m.py', 'm.py#A', 'm.py#A.x', 'm.py#A.x@2']);
    expect(symbols[3]!.qualifiedName).toBe('A.x');
  });
});

describe('JavaScript symbols', () => {
  const source = [
    "import def, { a, b as c } from './m';", //                        1
    "import * as ns from '../n';", //                                  2
    "const util = require('./util');", //                              3
    "const { go } = require('./go');", //                              4
    '/** Adds one. */', //                                             5
    'export const add = (x) => x + 1;', //                             6
    'function* gen() { yield add(1); }', //                            7
    'class Shape extends mod.Base {', //                               8
    '  #secret() { return 1; }', //                                    9
    '  handle = () => this.#secret();', //                             10
    '  static make() { return new Shape(); }', //                      11
    '}', //                                                            12
    'module.exports.run = function () { util.go(); ns.helper(); };', // 13
    "describe('Shape', () => { it('makes', () => { Shape.make(); }); });", // 14
    'export default Shape;', //                                        15
    "import('./lazy');", //                                            16
    '',
  ].join('\n');

  it('finds functions, generators, classes, private and field methods, CommonJS exports and test callbacks', async () => {
    const { symbols, language } = await extractFileSymbols('src/shape.js', source);
    expect(language).toBe('javascript');
    expect(symbols.map((s) => `${s.kind} ${s.qualifiedName}`)).toEqual([
      'module src.shape',
      'function add',
      'function gen',
      'class Shape',
      'method Shape.#secret',
      'method Shape.handle',
      'method Shape.make',
      'function run',
      'function Shape',
      'function Shape.makes',
    ]);
    const byId = Object.fromEntries(symbols.map((s) => [s.id, s]));
    expect(byId['src/shape.js#add']).toMatchObject({ signature: 'export const add = (x) =>', doc: 'Adds one.', startLine: 6 });
    expect(byId['src/shape.js#Shape']!.signature).toBe('class Shape extends mod.Base');
    expect(byId['src/shape.js#run']!.signature).toBe('module.exports.run = function ()');
    // A test callback named like a class gets the next free id.
    expect(byId['src/shape.js#Shape@2']).toMatchObject({ kind: 'function', signature: "describe('Shape', () =>", startLine: 14 });
  });

  it('reports imports (ES, CommonJS, dynamic) and calls', async () => {
    const { references } = await extractFileSymbols('src/shape.js', source);
    const imports = references.filter((r) => r.kind === 'import').map((r) => `${r.importKind} ${r.source} ${r.name}${r.alias ? ` as ${r.alias}` : ''}`);
    expect(imports).toEqual([
      'module ./m ',
      'default ./m default as def',
      'named ./m a',
      'named ./m b as c',
      'module ../n ',
      'namespace ../n  as ns',
      'namespace ./util  as util',
      'module ./util ',
      'named ./go go',
      'module ./go ',
      'module ./lazy ',
    ]);
    expect(calls(references)).toContain('run -> util.go');
    expect(calls(references)).toContain('Shape.make -> Shape');
    expect(calls(references)).toContain('Shape.makes -> Shape.make');
    expect(references.find((r) => r.kind === 'inherit')).toMatchObject({ name: 'Base', receiver: 'mod', from: 'src/shape.js#Shape' });
  });
});

describe('TypeScript and TSX symbols', () => {
  const source = [
    "import { Base } from './base';",
    "export * from './all';",
    "export { x as y } from './x';",
    '/**',
    ' * A calculator.',
    ' */',
    'export default class Calc<T> extends Base<T> implements Thing {',
    '  private total = 0;',
    '  private log = (m: string): void => console.log(m);',
    '  /** Adds. */',
    '  plus(x: number): this { this.total += x; return this; }',
    '}',
    'export abstract class Shape { abstract area(): number; describe() { return this.area(); } }',
    'export function twice<T>(f: (x: T) => T, x: T): T { return f(f(x)); }',
    '',
  ].join('\n');

  it('finds classes (including abstract), field methods and generic functions', async () => {
    const { symbols, language } = await extractFileSymbols('src/calc.ts', source);
    expect(language).toBe('typescript');
    expect(symbols.map((s) => `${s.kind} ${s.qualifiedName}`)).toEqual([
      'module src.calc',
      'class Calc',
      'method Calc.log',
      'method Calc.plus',
      'class Shape',
      'method Shape.describe',
      'function twice',
    ]);
    const named = byQualifiedName(symbols);
    expect(named.Calc).toMatchObject({ startLine: 7, endLine: 12, doc: 'A calculator.', signature: 'export default class Calc<T> extends Base<T> implements Thing' });
    expect(named['Calc.plus']).toMatchObject({ doc: 'Adds.', signature: 'plus(x: number): this' });
    expect(named.twice!.signature).toBe('export function twice<T>(f: (x: T) => T, x: T): T');
  });

  it('reports re-exports as imports and extends clauses as bases', async () => {
    const { references } = await extractFileSymbols('src/calc.ts', source);
    const imports = references.filter((r) => r.kind === 'import').map((r) => `${r.importKind} ${r.source} ${r.name}${r.alias ? ` as ${r.alias}` : ''}`);
    expect(imports).toEqual(['module ./base ', 'named ./base Base', 'wildcard ./all *', 'module ./x ', 'named ./x x as y']);
    expect(references.filter((r) => r.kind === 'inherit').map((r) => r.name)).toEqual(['Base']);
    expect(calls(references)).toEqual(['Calc.log -> console.log', 'Shape.describe -> this.area', 'twice -> f', 'twice -> f']);
  });

  it('parses TSX with the tsx grammar', async () => {
    const result = await extractFileSymbols('src/view.tsx', 'export const View = ({ n }: { n: number }) => <div onClick={() => go(n)}>{n}</div>;\n');
    expect(result.language).toBe('tsx');
    expect(result.parseErrors).toBe(0);
    expect(result.symbols.map((s) => s.qualifiedName)).toEqual(['src.view', 'View']);
    expect(calls(result.references)).toEqual(['View -> go']);
  });

  it('counts parse errors instead of failing on text that does not parse', async () => {
    const result = await extractFileSymbols('src/bad.ts', 'export function ok() { return 1; }\nfunction bad( {\n');
    expect(result.parseErrors).toBeGreaterThan(0);
    expect(result.symbols.map((s) => s.qualifiedName)).toContain('ok');
  });

  it('refuses a file of no known language', async () => {
    await expect(extractFileSymbols('notes.txt', 'hello')).rejects.toThrow(/No language/);
  });
});

describe('Search fields', () => {
  it('gives the same search fields when it fills a cache of the stretches between members, and reuses that cache', async () => {
    const text = [
      '"""Module."""',
      'import os',
      'LIMIT = os.environ.get("LIMIT")  # read once',
      'class Cart:',
      '    """A cart."""',
      '    size_limit = LIMIT',
      '    def total(self): return sum(self.items)',
      '    discount_rate = 0.1',
      '    def tax(self, v): return v * 2',
      'def helper(x):',
      '    return x',
      'registry = {"cart": Cart}',
      '',
    ].join('\n');
    const tree = await parseText('python', text);
    const query = await queryFor('python');
    const plain = extractFromTree('shop/cart.py', text, tree, 'python', query, { searchDocs: true });
    const pieceTerms = new Map<string, string[]>();
    const cached = extractFromTree('shop/cart.py', text, tree, 'python', query, { searchDocs: true, pieceTerms });
    expect(cached.searchDocs).toEqual(plain.searchDocs);
    // The stretches of the module and of the class (the symbols with members) are in it.
    expect([...pieceTerms.keys()].some((piece) => piece.includes('registry'))).toBe(true);
    expect([...pieceTerms.keys()].some((piece) => piece.includes('discount_rate'))).toBe(true);
    const size = pieceTerms.size;
    expect(extractFromTree('shop/cart.py', text, tree, 'python', query, { searchDocs: true, pieceTerms }).searchDocs).toEqual(plain.searchDocs);
    expect(pieceTerms.size).toBe(size);
    tree.delete();
  });
});
