import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeText, OpenDocuments, type AnalyzeOutcome } from '../../../src/core/index/analyzer';
import { extractFromTree, type FileExtraction, type SearchDoc } from '../../../src/core/index/fileSymbols';
import { applyPatch } from '../../../src/core/index/incremental';
import { parseText, queryFor } from '../../../src/core/index/parser';
import { toTreeEdit, type TextChange } from '../../../src/core/index/textChange';
import type { CodeSymbol, LanguageId } from '../../../src/core/index/types';

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

const snippets = ['', 'x', ' ', '\n', '\n    ', 'foo()', 'self.count()', 'def g(a):\n        return a\n', '(', ')', '{', '}', ':', '"', "'", 'class K:\n    pass\n', 'return 1', '\n  ', 'this.plus(2);', 'function f() {}\n', '/** doc */', 'export default f;\n'];

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
  // After an edit the hash names the new state (hashing a large document on every keystroke
  // would cost more than the re-read); a full read hashes the content.
  expect(edited.hash).not.toBe(opened.hash);
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

const pythonClasses = `import re


class Parser(Base):
    """Parses things."""

    limit = 10
    pattern = re.compile("x")

    def __init__(self, text):
        self.text = text
        self.pos = 0

    # Reading

    @property
    def done(self):
        return self.pos >= len(self.text)

    def peek(self):
        def clamp(i):
            return min(i, self.limit)
        return self.text[clamp(self.pos)]

    def advance(self):
        self.pos += 1
        return self.peek()

    handler = lambda self, e: self.advance()

    def parse(self):
        out = []
        while not self.done:
            out.append(self.advance())
        return out


def parse_all(texts):
    return [Parser(t).parse() for t in texts]
`;

const typescriptClasses = `import { Base } from './base';

/** Reads tokens. */
export class Reader extends Base {
  private pos = 0;
  static limit = 10;

  /** Creates one. */
  constructor(private readonly text: string) {
    super();
  }

  // Reading

  peek(): string {
    const clamp = (i: number) => Math.min(i, Reader.limit);
    return this.text[clamp(this.pos)];
  }

  handle = () => this.advance();

  advance(): string {
    this.pos += 1;
    return this.peek();
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }
}

export function readAll(texts: string[]): string[] {
  return texts.map((t) => new Reader(t).advance());
}
`;

const edit = (text: string) =>
  fc
    .record({ at: fc.nat({ max: text.length }), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...snippets) })
    .map(({ at, remove, insert }) => ({ rangeOffset: at, rangeLength: Math.min(remove, text.length - at), text: insert }));

const steps = fc.array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...snippets) }), { minLength: 1, maxLength: 8 });

/**
 * Edits one open document step after step, holding what a receiver of the patches holds (the
 * extraction and the search fields, updated only by what travels), and compares each state
 * with a full read of the same incremental tree, re-parsed alongside. (After a syntax error,
 * tree-sitter's incremental parse can recover differently from a fresh parse of the same text;
 * where the two trees agree, that is also what a fresh parse gives.)
 */
async function checkSequence(language: LanguageId, file: string, start: string, list: { at: number; remove: number; insert: string }[]): Promise<{ partial: number; diverged: number }> {
  const documents = new OpenDocuments();
  const query = await queryFor(language);
  let text = start;
  let tree = await parseText(language, text);
  let held = analysis(await documents.open(file, language, text)).extraction!;
  let docs = docsById(held.searchDocs);
  let partial = 0;
  let diverged = 0;
  try {
    for (const step of list) {
      const at = step.at % (text.length + 1);
      const change = { rangeOffset: at, rangeLength: Math.min(step.remove, text.length - at), text: step.insert };
      const newText = text.slice(0, at) + change.text + text.slice(at + change.rangeLength);
      const edited = analysis(await documents.edit(file, language, [change], newText));
      if (edited.patch) {
        partial++;
        const removed: CodeSymbol[] = [];
        held = applyPatch(held, edited.patch.changes, removed);
        const present = new Set(held.symbols.map((s) => s.id));
        for (const symbol of removed) if (!present.has(symbol.id)) docs.delete(symbol.id);
        for (const doc of edited.patch.changes.searchDocs) docs.set(doc.id, doc);
      } else {
        held = edited.extraction!;
        docs = docsById(held.searchDocs);
      }
      tree.edit(toTreeEdit(text, change));
      const next = await parseText(language, newText, tree);
      tree.delete();
      tree = next;
      const full = extractFromTree(file, newText, tree, language, query, { searchDocs: true });
      const fresh = analysis(await analyzeText(file, language, newText)).extraction!;
      if (JSON.stringify(comparable(full)) !== JSON.stringify(comparable(fresh))) diverged++;
      expect(comparable(held)).toEqual(comparable(full));
      expect(docs).toEqual(docsById(full.searchDocs));
      text = newText;
    }
  } finally {
    documents.closeAll();
    tree.delete();
  }
  return { partial, diverged };
}

describe('incremental edits', () => {
  it('in sequence keep what a receiver holds equal to a full parse (Python classes)', async () => {
    let partial = 0;
    let diverged = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(steps, async (list) => {
        const counts = await checkSequence('python', 'pkg/parser.py', pythonClasses, list);
        partial += counts.partial;
        diverged += counts.diverged;
        total += list.length;
      }),
      { numRuns: 150, seed: 31 },
    );
    expect(partial).toBeGreaterThan(total / 2);
    expect(diverged).toBeLessThan(total / 20);
  });

  it('in sequence keep what a receiver holds equal to a full parse (TypeScript classes)', async () => {
    let partial = 0;
    let diverged = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(steps, async (list) => {
        const counts = await checkSequence('typescript', 'src/reader.ts', typescriptClasses, list);
        partial += counts.partial;
        diverged += counts.diverged;
        total += list.length;
      }),
      { numRuns: 150, seed: 57 },
    );
    expect(partial).toBeGreaterThan(total / 2);
    expect(diverged).toBeLessThan(total / 20);
  });

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
    expect(edited.patch!.changes.symbols.map((s) => s.id)).toEqual(['m.py#Cart.count']);
    // `x = 1` adds no search term (single characters are not indexed): no search fields travel.
    expect(edited.patch!.changes.searchDocs).toEqual([]);
    const renamed = newText.replace('x = 1', 'limit = 1');
    const next = analysis(await documents.edit('m.py', 'python', [{ rangeOffset: at, rangeLength: 1, text: 'limit' }], renamed));
    expect(next.patch!.changes.searchDocs.map((d) => d.id)).toEqual(['m.py#Cart.count']);
    // Between two methods, only that stretch of the class is re-read, and the class's own text.
    const between = renamed.indexOf('    def total(self):');
    const commented = `${renamed.slice(0, between)}    # totals\n${renamed.slice(between)}`;
    const third = analysis(await documents.edit('m.py', 'python', [{ rangeOffset: between, rangeLength: 0, text: '    # totals\n' }], commented));
    expect(third.patch!.changes.symbols).toEqual([]);
    expect(third.patch!.changes.searchDocs.map((d) => d.id)).toEqual(['m.py#Cart']);
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
