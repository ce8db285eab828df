// Editing open documents one keystroke-sized change at a time must leave the index exactly
// where indexing the edited texts from scratch leaves it: symbols, every edge (calls, imports,
// inheritance across files, with confidences and lines) and what search finds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../../src/core/index/workspaceIndex';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const python: Record<string, string> = {
  'pkg/__init__.py': 'from .base import Base\nfrom .util import *\n',
  'pkg/base.py': `class Base:
    """Runs steps."""

    def run(self):
        return self.step()

    def step(self):
        return helper(1)


def helper(x):
    return x
`,
  'pkg/util.py': `def fmt(v):
    return str(v)


def helper2(y):
    return fmt(y)
`,
  'pkg/child.py': `from .base import Base, helper
from . import util


class Child(Base):
    """A child."""

    def step(self):
        return util.fmt(self.run())

    def extra(self):
        return helper(2)


class GrandChild(Child):
    def more(self):
        return self.extra() + self.step()
`,
  'app.py': `import pkg
from pkg import Base
from pkg.child import GrandChild


def main():
    g = GrandChild()
    return g.more() + pkg.helper2(3) + Base().run() + finish()


def finish():
    return 0
`,
};

const pythonSnippets = [
  'x',
  '\n',
  '(',
  ')',
  ':',
  '    ',
  '\n    def step(self):\n        return 1\n',
  '\n    def extra(self):\n        return self.run()\n',
  'class Base:\n    pass\n',
  'class Other(Child):\n    pass\n',
  '(Child)',
  '(Base)',
  'helper',
  'fmt',
  'finish',
  'import pkg.util\n',
  'from .util import *\n',
  'from .base import helper\n',
  'from .child import Child as Base\n',
  'self.step()',
  'super().run()',
  'Base',
  'def helper(z):\n    return z\n',
  'def fmt(w):\n    return w\n',
  '"""doc"""\n',
  '# note\n',
  'from .base import helper as assist\n',
  'assist',
  'from .util import fmt as helper2\n',
];

const typescript: Record<string, string> = {
  'src/shapes.ts': `/** A shape. */
export class Shape {
  area(): number {
    return this.scale(1);
  }

  scale(k: number): number {
    return k;
  }
}

export function unit(): Shape {
  return new Shape();
}

export default unit;
`,
  'src/square.ts': `import unit, { Shape } from './shapes';
import * as shapes from './shapes';

export class Square extends Shape {
  scale(k: number): number {
    return super.scale(k) * 2;
  }

  grow(): number {
    return this.area() + shapes.unit().area() + unit().scale(2);
  }
}
`,
  'src/index.ts': `export * from './square';
export { unit as makeUnit } from './shapes';
`,
  'src/main.ts': `import { Square, makeUnit } from './index';

function run(): number {
  const s = new Square();
  return s.grow() + makeUnit().area() + helper();
}

const helper = () => 1;

describe('run', () => {
  it('runs', () => {
    run();
  });
});
`,
};

const typescriptSnippets = [
  'x',
  '\n',
  '(',
  ')',
  '{',
  '}',
  ';',
  'export default Shape;\n',
  'extends Square ',
  'import { unit } from "./shapes";\n',
  'export * from "./shapes";\n',
  'this.area()',
  'super.area()',
  'grow',
  'scale',
  'helper',
  '\n  area(): number {\n    return 2;\n  }\n',
  'export function helper() {\n  return 2;\n}\n',
  'class Shape {}\n',
  '/** doc */\n',
  '// note\n',
  'export { unit as makeUnit } from "./shapes";\n',
  'import { Shape as Base } from "./shapes";\n',
  'unit',
  'makeUnit',
];

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-links-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** Everything a reader can observe, independent of the folder it was built in. */
function snapshot(index: WorkspaceIndex) {
  const symbols = index.symbols().sort((a, b) => a.id.localeCompare(b.id));
  const edge = (e: { kind: string; from: string; to: string; confidence: number; line?: number }) => `${e.kind} ${e.from} -> ${e.to} ${e.confidence} @${e.line}`;
  const outgoing = symbols.flatMap((s) => index.edgesFrom(s.id).map(edge)).sort();
  const incoming = symbols.flatMap((s) => index.edgesTo(s.id).map(edge)).sort();
  const names = [...new Set(symbols.map((s) => s.name))].sort();
  const search = Object.fromEntries(names.map((name) => [name, index.search(name, 1000).map((h) => h.symbol.id).sort()]));
  return { symbols, outgoing, incoming, files: index.files().sort((a, b) => a.path.localeCompare(b.path)), search };
}

type Edit = { file: number; at: number; remove: number; insert: number };

async function checkEdits(files: Record<string, string>, snippets: string[], edits: Edit[]): Promise<void> {
  const root = writeTree(files);
  const index = await WorkspaceIndex.build(root, { logger: quiet, threads: 0 });
  try {
    const names = Object.keys(files);
    const texts = { ...files };
    for (const name of names) await index.openDocument(name, texts[name]!);
    for (const edit of edits) {
      const name = names[edit.file % names.length]!;
      const text = texts[name]!;
      const at = edit.at % (text.length + 1);
      const change = { rangeOffset: at, rangeLength: Math.min(edit.remove, text.length - at), text: snippets[edit.insert % snippets.length]! };
      const next = text.slice(0, at) + change.text + text.slice(at + change.rangeLength);
      await index.applyEdit(name, [change], next);
      texts[name] = next;
    }
    const fresh = await WorkspaceIndex.build(writeTree(texts), { logger: quiet, threads: 0 });
    try {
      // After a syntax error, tree-sitter's incremental parse can recover differently from a
      // fresh parse of the same text (incremental.test.ts covers the extraction itself): such
      // runs say nothing about linking.
      const extracted = (i: WorkspaceIndex) => names.map((name) => [i.symbolsInFile(name), i.referencesInFile(name)]);
      const agree = JSON.stringify(extracted(index)) === JSON.stringify(extracted(fresh));
      if (!agree) diverged++;
      fc.pre(agree);
      expect(snapshot(index)).toEqual(snapshot(fresh));
    } finally {
      await fresh.dispose();
    }
  } finally {
    await index.dispose();
  }
}

let diverged = 0;

const edits = fc.array(fc.record({ file: fc.nat(), at: fc.nat(), remove: fc.nat({ max: 8 }), insert: fc.nat() }), { minLength: 1, maxLength: 6 });

describe('incremental edits across files', () => {
  it('end where a fresh index of the edited Python files ends', async () => {
    diverged = 0;
    await fc.assert(
      fc.asyncProperty(edits, (list) => checkEdits(python, pythonSnippets, list)),
      { numRuns: 120, seed: 2024 },
    );
    expect(diverged).toBeLessThan(8);
  });

  it('end where a fresh index of the edited TypeScript files ends', async () => {
    diverged = 0;
    await fc.assert(
      fc.asyncProperty(edits, (list) => checkEdits(typescript, typescriptSnippets, list)),
      { numRuns: 120, seed: 7 },
    );
    expect(diverged).toBeLessThan(8);
  });
});
