import { describe, expect, it } from 'vitest';
import { ModuleResolver } from '../../../src/core/index/moduleResolver';
import { mappedCandidates } from '../../../src/core/index/tsconfig';
import type { LanguageId } from '../../../src/core/index/types';

function resolver(files: string[]): ModuleResolver {
  const r = new ModuleResolver();
  for (const f of files) r.add(f, f.endsWith('.py') ? 'python' : f.endsWith('.tsx') ? 'tsx' : f.endsWith('.ts') ? 'typescript' : ('javascript' as LanguageId));
  return r;
}

describe('Python module resolution', () => {
  const r = resolver([
    'src/shop/__init__.py',
    'src/shop/cart.py',
    'src/shop/pricing/__init__.py',
    'src/shop/pricing/rules.py',
    'tests/test_cart.py',
    'tools/cart.py',
    'setup.py',
  ]);

  it('resolves absolute names through packages and source roots', () => {
    expect(r.resolve('tests/test_cart.py', 'python', 'shop.cart')).toBe('src/shop/cart.py');
    expect(r.resolve('tests/test_cart.py', 'python', 'shop')).toBe('src/shop/__init__.py');
    expect(r.resolve('tests/test_cart.py', 'python', 'shop.pricing.rules')).toBe('src/shop/pricing/rules.py');
    expect(r.resolve('tests/test_cart.py', 'python', 'os.path')).toBeUndefined();
  });

  it('prefers the file whose package chain gives the name, then the nearest', () => {
    // src/shop/cart.py is `shop.cart`; tools/cart.py (no package) is `cart`.
    expect(r.resolve('src/shop/x.py', 'python', 'cart')).toBe('tools/cart.py');
    const two = resolver(['tools/cart.py', 'scripts/cart.py', 'scripts/run.py']);
    expect(two.resolve('scripts/run.py', 'python', 'cart')).toBe('scripts/cart.py');
    expect(two.resolve('tools/x.py', 'python', 'cart')).toBe('tools/cart.py');
  });

  it('resolves relative imports: from . import x, from .. import y, from .mod import f', () => {
    expect(r.resolve('src/shop/cart.py', 'python', '.')).toBe('src/shop/__init__.py');
    expect(r.resolve('src/shop/cart.py', 'python', '.pricing')).toBe('src/shop/pricing/__init__.py');
    expect(r.resolve('src/shop/pricing/rules.py', 'python', '..cart')).toBe('src/shop/cart.py');
    expect(r.resolve('src/shop/pricing/rules.py', 'python', '..')).toBe('src/shop/__init__.py');
    expect(r.resolve('src/shop/cart.py', 'python', '.missing')).toBeUndefined();
  });

  it('finds submodules of a package and canonical module names', () => {
    expect(r.submodule('src/shop/__init__.py', 'cart', 'python')).toBe('src/shop/cart.py');
    expect(r.submodule('src/shop/__init__.py', 'pricing', 'python')).toBe('src/shop/pricing/__init__.py');
    expect(r.submodule('src/shop/cart.py', 'x', 'python')).toBeUndefined();
    expect(r.canonicalModuleName('src/shop/pricing/rules.py', 'python')).toBe('shop.pricing.rules');
    expect(r.canonicalModuleName('src/shop/__init__.py', 'python')).toBe('shop');
    expect(r.canonicalModuleName('tests/test_cart.py', 'python')).toBe('test_cart');
  });

  it('forgets removed files', () => {
    const local = resolver(['a/__init__.py', 'a/b.py']);
    local.remove('a/b.py', 'python');
    expect(local.resolve('x.py', 'python', 'a.b')).toBeUndefined();
  });
});

describe('JavaScript and TypeScript module resolution', () => {
  const r = resolver(['src/app.ts', 'src/lib/index.ts', 'src/lib/math.ts', 'src/view.tsx', 'src/util.js', 'src/esm.mts', 'packages/core/src/a.ts']);

  it('probes extensions, folder indexes and .js written for .ts', () => {
    expect(r.resolve('src/app.ts', 'typescript', './lib/math')).toBe('src/lib/math.ts');
    expect(r.resolve('src/app.ts', 'typescript', './lib')).toBe('src/lib/index.ts');
    expect(r.resolve('src/app.ts', 'typescript', './lib/math.js')).toBe('src/lib/math.ts');
    expect(r.resolve('src/app.ts', 'typescript', './esm.mjs')).toBe('src/esm.mts');
    expect(r.resolve('src/app.ts', 'typescript', './view.jsx')).toBe('src/view.tsx');
    expect(r.resolve('src/lib/math.ts', 'typescript', '../util')).toBe('src/util.js');
    expect(r.resolve('src/util.js', 'javascript', './view')).toBe('src/view.tsx');
    expect(r.resolve('src/app.ts', 'typescript', 'react')).toBeUndefined();
    expect(r.resolve('src/app.ts', 'typescript', '../../outside')).toBeUndefined();
  });

  it('maps bare specifiers through the nearest tsconfig paths and baseUrl', () => {
    r.setPathMappings([
      { dir: '', baseUrl: '', pathsBase: '', paths: [['@lib/*', ['src/lib/*']], ['@lib', ['src/lib/index.ts']]] },
      { dir: 'packages/core', pathsBase: 'packages/core', paths: [['#a', ['src/a.ts']]] },
    ]);
    expect(r.resolve('src/app.ts', 'typescript', '@lib/math')).toBe('src/lib/math.ts');
    expect(r.resolve('src/app.ts', 'typescript', '@lib')).toBe('src/lib/index.ts');
    expect(r.resolve('src/app.ts', 'typescript', 'src/util')).toBe('src/util.js');
    expect(r.resolve('packages/core/src/b.ts', 'typescript', '#a')).toBe('packages/core/src/a.ts');
    expect(r.resolve('packages/core/src/b.ts', 'typescript', '@lib/math')).toBeUndefined();
  });

  it('picks the paths pattern with the longest prefix', () => {
    const mapping = { dir: '', pathsBase: 'base', paths: [['*', ['fallback/*']], ['@app/*', ['app/*']]] as [string, string[]][] };
    expect(mappedCandidates(mapping, '@app/x')).toEqual(['base/app/x']);
    expect(mappedCandidates(mapping, 'other')).toEqual(['base/fallback/other']);
  });
});
