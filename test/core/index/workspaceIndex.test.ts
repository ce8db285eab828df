import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidence } from '../../../src/core/index/linker';
import { WorkspaceIndex } from '../../../src/core/index/workspaceIndex';
import type { CodeEdge } from '../../../src/core/index/types';

const fixtures = path.resolve(__dirname, '../../fixtures/index');
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const show = (edges: CodeEdge[]) => edges.map((e) => `${e.from} -> ${e.to} ${e.confidence}`).sort();

describe('WorkspaceIndex on a Python package', () => {
  let index: WorkspaceIndex;
  beforeAll(async () => {
    index = await WorkspaceIndex.build(path.join(fixtures, 'py'), { logger: quiet });
  });
  afterAll(() => index.dispose());

  it('indexes the source files, skipping .gitignore matches and binaries, counting parse errors', () => {
    expect(index.files().map((f) => f.path).sort()).toEqual([
      'shop/__init__.py',
      'shop/base.py',
      'shop/cart.py',
      'shop/pricing.py',
      'shop/tax.py',
      'shop/util.py',
      'tests/test_cart.py',
      'vendor/broken.py',
    ]);
    expect(index.skipped()).toEqual([{ path: 'vendor/blob.py', reason: 'binary' }]);
    const stats = index.stats();
    expect(stats).toMatchObject({ files: 8, languages: { python: 8 }, skipped: 1 });
    expect(stats.parseErrors).toBeGreaterThan(0);
    expect(stats.symbols).toBe(index.symbols().length);
    expect(index.files().find((f) => f.path === 'vendor/broken.py')!.parseErrors).toBe(stats.parseErrors);
    // The file that does not parse still yields the definitions around the error.
    expect(index.symbolsInFile('vendor/broken.py').map((s) => s.qualifiedName)).toEqual(['broken', 'ok', 'broken', 'Fine', 'Fine.method']);
  });

  it('names modules by their package chain and links contains edges from the module down', () => {
    expect(index.symbol('shop/cart.py')).toMatchObject({ kind: 'module', qualifiedName: 'shop.cart' });
    expect(index.symbol('tests/test_cart.py')!.qualifiedName).toBe('test_cart');
    expect(show(index.edgesFrom('shop/cart.py', 'contains'))).toEqual([
      'shop/cart.py -> shop/cart.py#Cart 1',
      'shop/cart.py -> shop/cart.py#PremiumCart 1',
      'shop/cart.py -> shop/cart.py#helper 1',
    ]);
    expect(index.edgesFrom('shop/cart.py#Cart.total', 'contains').map((e) => e.to)).toEqual(['shop/cart.py#Cart.total.line_price']);
  });

  it('resolves every import form to files', () => {
    expect(index.edgesFrom('shop/cart.py', 'imports').map((e) => e.to).sort()).toEqual([
      'shop/__init__.py', // from . import tax
      'shop/base.py', // from .base import BaseCart
      'shop/pricing.py', // from .pricing import discount, round_price as rp
      'shop/tax.py', // the submodule `tax` of `from . import tax`
      'shop/util.py', // import shop.util as u
    ]);
    expect(index.edgesFrom('tests/test_cart.py', 'imports').map((e) => e.to).sort()).toEqual(['shop/__init__.py', 'shop/cart.py']);
    expect(index.edgesTo('shop/util.py', 'imports').map((e) => [e.from, e.line])).toEqual([['shop/cart.py', 2]]);
  });

  it('resolves calls through scopes, imports, self and super, with confidences', () => {
    expect(show(index.edgesFrom('shop/cart.py#Cart.total', 'calls'))).toEqual([
      `shop/cart.py#Cart.total -> shop/cart.py#Cart.total.line_price ${confidence.sameFile}`, // nested function
      `shop/cart.py#Cart.total -> shop/cart.py#helper ${confidence.sameFile}`, // module-level function
      `shop/cart.py#Cart.total -> shop/pricing.py#round_price ${confidence.imported}`, // imported under an alias
      `shop/cart.py#Cart.total -> shop/tax.py#rate ${confidence.imported}`, // tax.rate() through `from . import tax`
    ]);
    expect(show(index.edgesFrom('shop/cart.py#Cart.total.line_price', 'calls'))).toEqual([`shop/cart.py#Cart.total.line_price -> shop/pricing.py#discount ${confidence.imported}`]);
    expect(show(index.edgesFrom('shop/cart.py#Cart.add', 'calls'))).toEqual([`shop/cart.py#Cart.add -> shop/base.py#BaseCart.count ${confidence.inherited}`]);
    expect(show(index.edgesFrom('shop/cart.py#Cart.describe', 'calls'))).toEqual([`shop/cart.py#Cart.describe -> shop/util.py#fmt ${confidence.imported}`]);
    expect(show(index.edgesFrom('shop/cart.py#PremiumCart.total', 'calls'))).toEqual([`shop/cart.py#PremiumCart.total -> shop/cart.py#Cart.total ${confidence.inherited}`]);
    // `Cart` comes through the package's re-export; `cart.add` is only known by its name.
    expect(show(index.edgesFrom('tests/test_cart.py#test_total', 'calls'))).toEqual([
      `tests/test_cart.py#test_total -> shop/cart.py#Cart ${confidence.imported}`,
      `tests/test_cart.py#test_total -> shop/cart.py#Cart.add ${confidence.uniqueMethod}`,
    ]);
    expect(index.edgesTo('shop/cart.py#helper', 'calls').map((e) => e.from).sort()).toEqual(['shop/cart.py#Cart.total', 'tests/test_cart.py#test_helper']);
    // Calls into packages outside the index resolve to nothing.
    expect(index.edgesFrom('shop/base.py#BaseCart.count', 'calls')).toEqual([]);
  });

  it('resolves base classes across files', () => {
    expect(show(index.edgesFrom('shop/cart.py#Cart', 'inherits'))).toEqual([`shop/cart.py#Cart -> shop/base.py#BaseCart ${confidence.imported}`]);
    expect(show(index.edgesFrom('shop/cart.py#PremiumCart', 'inherits'))).toEqual([`shop/cart.py#PremiumCart -> shop/cart.py#Cart ${confidence.sameFile}`]);
  });

  it('finds the innermost enclosing symbol of a line', () => {
    expect(index.enclosingSymbol('shop/cart.py', 26)!.id).toBe('shop/cart.py#Cart.total.line_price');
    expect(index.enclosingSymbol('shop/cart.py', 22)!.id).toBe('shop/cart.py#Cart.total'); // the decorator line
    expect(index.enclosingSymbol(path.join(fixtures, 'py/shop/cart.py'), 16)!.id).toBe('shop/cart.py#Cart.__init__');
    expect(index.enclosingSymbol('shop/cart.py', 1)).toBeUndefined();
  });

  it('returns the source of a symbol and ranks symbols with BM25 over names, docs and bodies', () => {
    expect(index.sourceOf('shop/pricing.py#discount')).toBe(
      'def discount(amount, percent=0):\n    """Apply a percentage discount."""\n    return amount * (100 - percent) / 100',
    );
    expect(index.search('discount percentage')[0]!.symbol.id).toBe('shop/pricing.py#discount');
    expect(index.search('round price')[0]!.symbol.id).toBe('shop/pricing.py#round_price');
    expect(index.search('tax rate country').map((h) => h.symbol.id)).toContain('shop/tax.py#rate');
    const hits = index.search('total', 3);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[hits.length - 1]!.score);
    expect(index.search('   ')).toEqual([]);
  });
});

describe('WorkspaceIndex on a TypeScript project', () => {
  let index: WorkspaceIndex;
  beforeAll(async () => {
    index = await WorkspaceIndex.build(path.join(fixtures, 'ts'), { logger: quiet });
  });
  afterAll(() => index.dispose());

  it('indexes TS, TSX and JS and skips minified bundles', () => {
    expect(index.stats()).toMatchObject({ files: 8, languages: { typescript: 5, tsx: 1, javascript: 2 }, parseErrors: 0 });
    expect(index.skipped()).toEqual([{ path: 'src/bundle.js', reason: 'minified' }]);
  });

  it('resolves tsconfig paths, folder indexes, .js specifiers, re-exports and CommonJS requires', () => {
    expect(index.edgesFrom('src/app/main.ts', 'imports').map((e) => e.to).sort()).toEqual(['src/lib/index.ts', 'src/lib/math.ts']);
    expect(index.edgesFrom('src/lib/index.ts', 'imports').map((e) => e.to).sort()).toEqual(['src/lib/math.ts', 'src/lib/sub.ts']);
    expect(index.edgesFrom('src/legacy.js', 'imports').map((e) => e.to)).toEqual(['src/util.js']);
    expect(index.edgesFrom('src/app/view.tsx', 'imports').map((e) => e.to)).toEqual(['src/app/main.ts']);
  });

  it('resolves calls through default, named, namespace, re-exported and required bindings', () => {
    expect(show(index.edgesFrom('src/app/main.ts#run', 'calls'))).toEqual([
      `src/app/main.ts#run -> src/lib/math.ts#Calculator ${confidence.imported}`, // default import, `new`
      `src/app/main.ts#run -> src/lib/math.ts#Calculator.clear ${confidence.uniqueMethod}`,
      `src/app/main.ts#run -> src/lib/math.ts#Calculator.plus ${confidence.uniqueMethod}`,
      `src/app/main.ts#run -> src/lib/math.ts#add ${confidence.imported}`, // named, and lib.add through `export *`
      `src/app/main.ts#run -> src/lib/sub.ts#sub ${confidence.imported}`, // `export { sub as minus }`
    ]);
    expect(show(index.edgesFrom('src/legacy.js#start', 'calls'))).toEqual([`src/legacy.js#start -> src/util.js#go ${confidence.imported}`]);
    expect(show(index.edgesFrom('src/lib/math.ts#Calculator.plus', 'calls'))).toEqual([`src/lib/math.ts#Calculator.plus -> src/lib/math.ts#add ${confidence.sameFile}`]);
    expect(show(index.edgesFrom('src/lib/math.ts#Calculator.clear', 'calls'))).toEqual([`src/lib/math.ts#Calculator.clear -> src/lib/base.ts#Base.reset ${confidence.inherited}`]);
    expect(show(index.edgesFrom('src/app/view.tsx#View', 'calls'))).toEqual([`src/app/view.tsx#View -> src/app/main.ts#run ${confidence.imported}`]);
    expect(show(index.edgesFrom('src/lib/math.ts#Calculator', 'inherits'))).toEqual([`src/lib/math.ts#Calculator -> src/lib/base.ts#Base ${confidence.imported}`]);
  });
});

describe('WorkspaceIndex updates', () => {
  let root: string;
  let index: WorkspaceIndex;
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-index-'));
    cpSync(path.join(fixtures, 'py'), root, { recursive: true });
    index = await WorkspaceIndex.build(root, { logger: quiet });
  });
  afterAll(async () => {
    await index.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('re-reads one changed file and relinks the files that call into it', async () => {
    const before = index.stats();
    const pricing = 'def discount(amount, percent=0):\n    return amount\n\n\ndef surcharge(amount):\n    return amount * 2\n';
    writeFileSync(path.join(root, 'shop/pricing.py'), pricing);
    const entry = await index.updateFile(path.join(root, 'shop/pricing.py'));
    expect(entry).toMatchObject({ path: 'shop/pricing.py', lines: 6, parseErrors: 0 });
    expect(index.symbol('shop/pricing.py#round_price')).toBeUndefined();
    expect(index.symbol('shop/pricing.py#surcharge')).toMatchObject({ startLine: 5 });
    // cart.py imported round_price, which is gone: its call edge went with it.
    expect(index.edgesFrom('shop/cart.py#Cart.total', 'calls').map((e) => e.to)).not.toContain('shop/pricing.py#round_price');
    expect(index.search('surcharge')[0]!.symbol.id).toBe('shop/pricing.py#surcharge');
    expect(index.search('round_price').map((h) => h.symbol.id)).not.toContain('shop/pricing.py#round_price');
    expect(index.stats().files).toBe(before.files);
  });

  it('links a new file and the calls that now resolve to it', async () => {
    writeFileSync(path.join(root, 'shop/fees.py'), 'def shipping(cart):\n    return 5\n');
    writeFileSync(path.join(root, 'shop/util.py'), 'from .fees import shipping\n\ndef fmt(value):\n    return f"{value + shipping(None):.2f}"\n');
    await index.updateFile('shop/fees.py');
    await index.updateFile('shop/util.py');
    expect(show(index.edgesFrom('shop/util.py#fmt', 'calls'))).toEqual([`shop/util.py#fmt -> shop/fees.py#shipping ${confidence.imported}`]);
    expect(index.edgesFrom('shop/util.py', 'imports').map((e) => e.to)).toEqual(['shop/fees.py']);
  });

  it('relinks calls that resolve by name alone when a definition appears or goes', async () => {
    writeFileSync(path.join(root, 'shop/late.py'), 'def use():\n    return compute_late(1)\n');
    await index.updateFile('shop/late.py');
    expect(index.edgesFrom('shop/late.py#use', 'calls')).toEqual([]);
    writeFileSync(path.join(root, 'shop/lib.py'), 'def compute_late(x):\n    return x\n');
    await index.updateFile('shop/lib.py');
    expect(show(index.edgesFrom('shop/late.py#use', 'calls'))).toEqual([`shop/late.py#use -> shop/lib.py#compute_late ${confidence.uniqueGlobal}`]);
    writeFileSync(path.join(root, 'shop/lib.py'), 'def other(x):\n    return x\n');
    await index.updateFile('shop/lib.py');
    expect(index.edgesFrom('shop/late.py#use', 'calls')).toEqual([]);
    // Through a package that re-exports it: the importer of the importer is relinked too.
    writeFileSync(path.join(root, 'shop/__init__.py'), 'from .cart import Cart\nfrom .lib import *\n');
    writeFileSync(path.join(root, 'shop/late.py'), 'from shop import other\n\ndef use():\n    return other(1)\n');
    await index.updateFile('shop/__init__.py');
    await index.updateFile('shop/late.py');
    expect(show(index.edgesFrom('shop/late.py#use', 'calls'))).toEqual([`shop/late.py#use -> shop/lib.py#other ${confidence.imported}`]);
    writeFileSync(path.join(root, 'shop/lib.py'), 'def renamed(x):\n    return x\n');
    await index.updateFile('shop/lib.py');
    expect(index.edgesFrom('shop/late.py#use', 'calls')).toEqual([]);
  });

  it('takes editor text instead of the disk and goes back to the disk when asked', async () => {
    await index.updateFile('shop/tax.py', 'def rate(country):\n    return 0\n\ndef vat():\n    return rate("FR")\n');
    expect(index.symbol('shop/tax.py#vat')).toBeDefined();
    expect(index.sourceOf('shop/tax.py#vat')).toBe('def vat():\n    return rate("FR")');
    await index.updateFile('shop/tax.py');
    expect(index.symbol('shop/tax.py#vat')).toBeUndefined();
  });

  it('follows editor edits incrementally and ends where a full re-read ends', async () => {
    const file = 'shop/cart.py';
    let text = readFileSync(path.join(root, file), 'utf8');
    await index.openDocument(file, text);
    const edits = [
      ['return self.count()', 'return self.count() + helper([])'],
      ['def describe(self):', 'def describe(self, verbose=False):'],
      ['class PremiumCart(Cart):', 'class PremiumCart(Cart):\n    def bonus(self):\n        return self.total() * 2\n'],
      ['subtotal = sum', 'subtotal = 0 + sum'],
    ];
    for (const [from, to] of edits) {
      const at = text.indexOf(from!);
      const next = text.slice(0, at) + to + text.slice(at + from!.length);
      await index.applyEdit(file, [{ rangeOffset: at, rangeLength: from!.length, text: to! }], next);
      text = next;
    }
    const snapshot = () => ({
      symbols: index.symbolsInFile(file),
      edges: show(index.symbolsInFile(file).flatMap((s) => index.edgesFrom(s.id))),
      // Same hits; their order may differ slightly, as MiniSearch keeps statistics of replaced
      // entries until it vacuums.
      search: index.search('bonus total').map((h) => h.symbol.id).sort(),
    });
    const incremental = snapshot();
    expect(incremental.symbols.map((s) => s.id)).toContain('shop/cart.py#PremiumCart.bonus');
    expect(index.sourceOf('shop/cart.py#Cart.describe')).toContain('verbose=False');
    await index.updateFile(file, text);
    expect(snapshot()).toEqual(incremental);
    await index.closeDocument(file);
    expect(index.symbol('shop/cart.py#PremiumCart.bonus')).toBeUndefined();
  });

  it('removes a deleted file with its symbols, search entries and edges', async () => {
    unlinkSync(path.join(root, 'shop/fees.py'));
    index.removeFile(path.join(root, 'shop/fees.py'));
    expect(index.symbol('shop/fees.py#shipping')).toBeUndefined();
    expect(index.search('shipping').map((h) => h.symbol.file)).not.toContain('shop/fees.py');
    expect(index.edgesFrom('shop/util.py#fmt', 'calls')).toEqual([]);
    expect(index.edgesFrom('shop/util.py', 'imports')).toEqual([]);
    // updateFile on a file that no longer exists removes it too.
    unlinkSync(path.join(root, 'shop/util.py'));
    expect(await index.updateFile('shop/util.py')).toBeUndefined();
    expect(index.symbol('shop/util.py')).toBeUndefined();
  });

  it('ignores paths outside the root, of no known language, or excluded', async () => {
    expect(await index.updateFile(path.join(os.tmpdir(), 'elsewhere.py'), 'x = 1')).toBeUndefined();
    expect(await index.updateFile('README.md', '# hi')).toBeUndefined();
    expect(await index.updateFile('node_modules/x/index.js', 'x()')).toBeUndefined();
  });

  it('skips a file that grew too large or became binary, and says why', async () => {
    expect(await index.updateFile('shop/base.py', 'class BaseCart:\n    pass\n\u0000')).toBeUndefined();
    expect(index.skipped()).toContainEqual({ path: 'shop/base.py', reason: 'binary' });
    expect(index.symbol('shop/base.py#BaseCart')).toBeUndefined();
    await index.updateFile('shop/base.py');
    expect(index.symbol('shop/base.py#BaseCart')).toBeDefined();
  });
});

describe('WorkspaceIndex persistence', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-index-'));
    cpSync(path.join(fixtures, 'ts'), root, { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('round-trips through JSON and re-parses only the files that changed', async () => {
    const first = await WorkspaceIndex.build(root, { logger: quiet });
    const saved = JSON.parse(JSON.stringify(first.serialize())) as unknown;
    const edgesBefore = show([...first.symbols()].flatMap((s) => first.edgesFrom(s.id)));
    await first.dispose();

    const later = new Date(Date.now() + 5_000);
    writeFileSync(path.join(root, 'src/lib/sub.ts'), 'export const sub = (a: number, b: number): number => a - b;\nexport const neg = (a: number) => sub(0, a);\n');
    utimesSync(path.join(root, 'src/lib/sub.ts'), later, later);
    // Touched but unchanged: detected by hash, not re-parsed.
    utimesSync(path.join(root, 'src/lib/base.ts'), later, later);

    const progress: [number, number][] = [];
    const reopened = await WorkspaceIndex.build(root, { logger: quiet, previous: saved, onProgress: (done, total) => progress.push([done, total]) });
    try {
      expect(progress[progress.length - 1]).toEqual([1, 1]);
      expect(reopened.symbol('src/lib/sub.ts#neg')).toBeDefined();
      expect(show(reopened.edgesFrom('src/lib/sub.ts#neg', 'calls'))).toEqual([`src/lib/sub.ts#neg -> src/lib/sub.ts#sub ${confidence.sameFile}`]);
      const edgesAfter = show([...reopened.symbols()].flatMap((s) => reopened.edgesFrom(s.id)));
      expect(edgesAfter.filter((e) => !edgesBefore.includes(e))).toEqual([`src/lib/sub.ts -> src/lib/sub.ts#neg 1`, `src/lib/sub.ts#neg -> src/lib/sub.ts#sub ${confidence.sameFile}`]);
      expect(reopened.search('Calculator plus')[0]!.symbol.id).toBe('src/lib/math.ts#Calculator.plus');
    } finally {
      await reopened.dispose();
    }
  });

  it('starts from scratch when the saved index is damaged, of another format, or of another folder', async () => {
    const warnings: string[] = [];
    const logger = { ...quiet, warn: (m: string) => warnings.push(m) };
    const good = await WorkspaceIndex.build(root, { logger: quiet });
    const saved = good.serialize();
    await good.dispose();
    for (const previous of [{ nonsense: true }, { ...saved, version: 99 }, { ...saved, root: '/elsewhere' }, { ...saved, files: [{ path: 1 }] }]) {
      const index = await WorkspaceIndex.build(root, { logger, previous });
      expect(index.stats().files).toBe(8);
      await index.dispose();
    }
    expect(warnings).toHaveLength(4);
    expect(warnings.every((w) => /saved index/.test(w))).toBe(true);
  });

  it('reports an aborted build as an error and keeps nothing running', async () => {
    const controller = new AbortController();
    const build = WorkspaceIndex.build(root, { logger: quiet, signal: controller.signal, onProgress: () => controller.abort(new Error('cancelled by test')) });
    await expect(build).rejects.toThrow('cancelled by test');
  });

  it('refuses use after dispose', async () => {
    const index = await WorkspaceIndex.build(path.join(fixtures, 'ts'), { logger: quiet });
    await index.dispose();
    await expect(index.updateFile('src/util.js', 'x')).rejects.toThrow(/disposed/);
    expect(readFileSync(path.join(fixtures, 'ts/src/util.js'), 'utf8')).toContain('exports.go');
  });
});
