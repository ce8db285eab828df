import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeText, OpenDocuments, type AnalyzeOutcome } from '../../../src/core/index/analyzer';
import type { FileExtraction, SearchDoc } from '../../../src/core/index/fileSymbols';
import { applyPatch } from '../../../src/core/index/incremental';
import type { TextChange } from '../../../src/core/index/textChange';
import type { LanguageId } from '../../../src/core/index/types';

const python = `"""Module doc."""
import os


class Cart:
    """A cart."""

    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)
        return self.count()

    def count(self):
        return len(self.items)

    def total(self):
        def price(item):
            return item.price * 2
        return sum(price(i) for i in self.items)


def helper(x):
    return os.path.join(x, "y")


class Other(Cart):
    def count(self):
        return super().count() + 1
`;

const typescript = `import { Base } from './base';

/** A calculator. */
export class Calc extends Base {
  private total = 0;

  plus(x: number): this {
    this.total = add(this.total, x);
    return this;
  }

  minus(x: number): this {
    const neg = (v: number) => -v;
    this.total = add(this.total, neg(x));
    return this;
  }
}

export function add(a: number, b: number): number {
  return a + b;
}

describe('calculator', () => {
  it('adds', () => {
    new Calc().plus(1);
  });
});
`;

const javascript = `// A module.
const util = require('./util');

/**
 * Greets.
 */
function greet(name) {
  return util.format('hi %s', name);
}

/** Default. */
export default function main(argv) {
  greet(argv[0]);
}

module.exports.run = () => main([]);
const table = { a: 1 };
`;

const snippets = ['', 'x', ' ', '\n', '\n    ', 'foo()', 'self.count()', 'def g(a):\n        return a\n', '(', ')', '{', '}', ':', '"', "'", 'class K:\n    pass\n', 'return 1', '\n  ', 'this.plus(2);', 'function f() {}\n', '/** doc */'];

function analysis(outcome: AnalyzeOutcome | undefined) {
  if (!outcome?.ok) throw new Error(`not analyzed: ${JSON.stringify(outcome)}`);
  return outcome.analysis;
}

/** What a full read gives, in a form independent of how it was computed. */
function comparable(extraction: FileExtraction) {
  return {
    symbols: [...extraction.symbols].sort((a, b) => a.id.localeCompare(b.id)),
    references: [...extraction.references].sort((a, b) => a.startByte - b.startByte || JSON.stringify(a).localeCompare(JSON.stringify(b))),
    parseErrors: extraction.parseErrors,
    lines: extraction.lines,
    defaultExport: extraction.defaultExport,
  };
}

function docsById(docs: SearchDoc[] | undefined): Map<string, SearchDoc> {
  return new Map((docs ?? []).map((d) => [d.id, d]));
}

/** Applies one random edit through the kept tree and checks it against a fresh full parse. */
async function checkEdit(language: LanguageId, file: string, text: string, change: TextChange) {
  const documents = new OpenDocuments();
  const opened = analysis(await documents.open(file, language, text));
  const newText = text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
  const edited = analysis(await documents.edit(file, language, [change], newText));
  const full = analysis(await analyzeText(file, language, newText));
  documents.closeAll();
  // A patch rebuilds the new extraction from the one its receiver already holds.
  if (edited.patch) expect(edited.patch.baseHash).toBe(opened.hash);
  const extraction = edited.patch ? applyPatch(opened.extraction!, edited.patch.changes) : edited.extraction!;
  expect(comparable(extraction)).toEqual(comparable(full.extraction!));
  expect(edited.hash).toBe(full.hash);
  // Search fields: re-read symbols carry new ones; every other symbol's old fields are still right.
  const fullDocs = docsById(full.extraction!.searchDocs);
  const given = docsById(extraction.searchDocs);
  const before = docsById(opened.extraction!.searchDocs);
  for (const symbol of full.extraction!.symbols) {
    const doc = given.get(symbol.id) ?? (edited.patch ? before.get(symbol.id) : undefined);
    expect(doc, symbol.id).toEqual(fullDocs.get(symbol.id));
  }
  return edited.patch !== undefined;
}

const edit = (text: string) =>
  fc
    .record({ at: fc.nat({ max: text.length }), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...snippets) })
    .map(({ at, remove, insert }) => ({ rangeOffset: at, rangeLength: Math.min(remove, text.length - at), text: insert }));

describe('incremental edits', () => {
  it('give the same symbols, references and search fields as a full parse (Python)', async () => {
    let partial = 0;
    await fc.assert(
      fc.asyncProperty(edit(python), async (change) => {
        if (await checkEdit('python', 'shop/cart.py', python, change)) partial++;
      }),
      { numRuns: 120, seed: 1234 },
    );
    // Most random edits land inside a function and take the fast path.
    expect(partial).toBeGreaterThan(30);
  });

  it('give the same symbols, references and search fields as a full parse (TypeScript)', async () => {
    let partial = 0;
    await fc.assert(
      fc.asyncProperty(edit(typescript), async (change) => {
        if (await checkEdit('typescript', 'src/calc.ts', typescript, change)) partial++;
      }),
      { numRuns: 120, seed: 4321 },
    );
    expect(partial).toBeGreaterThan(30);
  });

  it('give the same symbols, references and search fields as a full parse (JavaScript)', async () => {
    let partial = 0;
    await fc.assert(
      fc.asyncProperty(edit(javascript), async (change) => {
        if (await checkEdit('javascript', 'src/main.js', javascript, change)) partial++;
      }),
      { numRuns: 120, seed: 99 },
    );
    expect(partial).toBeGreaterThan(30);
  });

  it('numbers duplicate names the way a full parse does', async () => {
    const text = "class A {\n  m() { return 1; }\n}\ndescribe('A', () => {\n  it('m', () => {\n    f();\n  });\n});\n";
    for (let at = 0; at <= text.length; at += 3) {
      await checkEdit('typescript', 'a.ts', text, { rangeOffset: at, rangeLength: 0, text: 'x' });
      await checkEdit('typescript', 'a.ts', text, { rangeOffset: at, rangeLength: Math.min(4, text.length - at), text: '' });
    }
  });

  it('re-reads only the function around a one-line edit', async () => {
    const at = python.indexOf('return len(self.items)');
    expect(await checkEdit('python', 'shop/cart.py', python, { rangeOffset: at, rangeLength: 0, text: 'x = 1\n        ' })).toBe(true);
    const documents = new OpenDocuments();
    await documents.open('m.py', 'python', python);
    const newText = `${python.slice(0, at)}x = 1\n        ${python.slice(at)}`;
    const edited = analysis(await documents.edit('m.py', 'python', [{ rangeOffset: at, rangeLength: 0, text: 'x = 1\n        ' }], newText));
    expect(edited.extraction).toBeUndefined();
    expect(edited.patch!.changes.searchDocs.map((d) => d.id)).toEqual(['m.py#Cart.count']);
    expect(edited.patch!.changes.symbols.map((s) => s.id)).toEqual(['m.py#Cart.count']);
    documents.closeAll();
  });

  it('applies several changes in order, and parses in full when the changes do not add up', async () => {
    const documents = new OpenDocuments();
    await documents.open('a.ts', 'typescript', 'const a = 1;\nconst b = 2;\n');
    const changes = [
      { rangeOffset: 23, rangeLength: 1, text: '3' },
      { rangeOffset: 10, rangeLength: 1, text: 'f()' },
    ];
    const next = analysis(await documents.edit('a.ts', 'typescript', changes, 'const a = f();\nconst b = 3;\n'));
    expect(next.extraction!.references.map((r) => [r.name, r.line])).toEqual([['f', 1]]);
    // A missed event: the kept text plus the changes is not the new text.
    const resynced = analysis(await documents.edit('a.ts', 'typescript', [{ rangeOffset: 0, rangeLength: 0, text: '' }], 'function g() { h(); }\n'));
    expect(resynced.extraction!.symbols.map((s) => s.qualifiedName)).toEqual(['a', 'g']);
    // An edit to a document that was never opened parses it in full.
    const fresh = analysis(await documents.edit('b.py', 'python', [{ rangeOffset: 0, rangeLength: 0, text: 'x' }], 'def k(): pass\n'));
    expect(fresh.extraction!.symbols.map((s) => s.qualifiedName)).toEqual(['b', 'k']);
    expect(documents.size).toBe(2);
    // Given only the expected hash, a mismatch asks for the whole text instead.
    expect(await documents.edit('a.ts', 'typescript', [{ rangeOffset: 0, rangeLength: 0, text: 'x' }], { hash: 'nope' })).toEqual({ ok: false, path: 'a.ts', reason: 'outOfSync' });
    documents.close('a.ts');
    expect(documents.size).toBe(1);
    documents.closeAll();
  });

  it('keeps at most `capacity` trees, dropping the least recently used', async () => {
    const documents = new OpenDocuments(2);
    for (const name of ['a', 'b', 'c']) await documents.open(`${name}.py`, 'python', 'x = 1\n');
    expect(documents.size).toBe(2);
    documents.closeAll();
  });
});
