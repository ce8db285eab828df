import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCodeUnits, unitNamed } from '../../../src/core/generate/codeUnits';
import { parseImplementation } from '../../../src/core/generate/parseImplementation';
import { ecmaCandidateSource, pythonCandidateSource, WorkerExecutor } from '../../../src/core/generate/workerExecutor';
import { CheckPool } from '../../../src/core/exec/pool';
import { silentLogger } from '../../../src/core/ports/console';
import { fixturesRoot } from './support/workspace';

const pool = new CheckPool({ logger: silentLogger, size: 2 });
afterAll(() => pool.dispose());

function executorFor(folder: string, files: Record<string, string>) {
  return new WorkerExecutor({
    pool: () => pool,
    readFile: async (file) => files[file] ?? readFileSync(path.join(folder, file), 'utf8'),
    listFiles: async () => Object.keys(files),
    logger: silentLogger,
    limits: { timeoutMs: 500 },
  });
}

describe('pythonCandidateSource', () => {
  it('puts the project on sys.path and sets the package, after __future__ imports', () => {
    const unit = { file: 'shelf/stats.py' } as never;
    const source = pythonCandidateSource('/ws', unit, '"""Doc."""\nfrom __future__ import annotations\nimport re\n', ['shelf/__init__.py', 'shelf/stats.py']);
    const lines = source.split('\n');
    expect(lines.slice(0, 2)).toEqual(['"""Doc."""', 'from __future__ import annotations']);
    expect(source).toContain("__package__ = \"shelf\"");
    expect(source).toContain('_selfdebug_sys.path.insert(0, "/ws")');
    expect(lines.at(-2)).toBe('import re');
  });
});

describe('WorkerExecutor', () => {
  it('runs Python candidates that import their own package against exec and eval checks', async () => {
    const folder = path.join(fixturesRoot, 'generate-py');
    const text = "from .text import title_case\n\n\ndef label(name):\n    raise NotImplementedError\n";
    const files = { 'shelf/__init__.py': '', 'shelf/labels.py': text, 'shelf/text.py': readFileSync(path.join(folder, 'shelf/text.py'), 'utf8') };
    const target = unitNamed(await readCodeUnits('shelf/labels.py', text), 'label')!;
    const good = await parseImplementation('```python\ndef label(name):\n    return title_case(name) + "!"\n```', target, text);
    const loops = await parseImplementation('```python\ndef label(name):\n    while True:\n        pass\n```', target, text);
    expect(good.ok && loops.ok).toBe(true);
    if (!good.ok || !loops.ok) return;
    const runs = await executorFor(folder, files).execute({
      folder,
      target,
      candidates: [
        { id: 'good', fileText: good.candidate.fileText },
        { id: 'loops', fileText: loops.candidate.fileText },
      ],
      checks: [
        { id: 'c1', kind: 'exec', code: 'assert label("the hobbit") == "The Hobbit!"' },
        { id: 'c2', kind: 'exec', code: 'assert label("a") == "b"' },
        { id: 'c3', kind: 'eval', code: 'label("of mice")' },
      ],
      signal: new AbortController().signal,
    });
    expect(runs[0]).toMatchObject({ candidateId: 'good', checks: { c1: 'pass', c2: 'fail', c3: 'pass' }, values: { c3: "'Of Mice!'" } });
    expect(runs[0]!.loadError).toBeUndefined();
    expect(runs[1]!.checks.c1).toBe('timeout');
  });

  it('runs TypeScript candidates with relative imports inlined', async () => {
    const folder = path.join(fixturesRoot, 'generate-ts');
    const text = "import { chunk } from './lists';\n\nexport function pages(items: string[]): string[][] {\n  throw new Error('not implemented');\n}\n";
    const lists = readFileSync(path.join(folder, 'src/lists.ts'), 'utf8');
    const files = { 'src/pages.ts': text, 'src/lists.ts': lists };
    const target = unitNamed(await readCodeUnits('src/pages.ts', text), 'pages')!;
    const parsed = await parseImplementation('```ts\nexport function pages(items: string[]): string[][] {\n  return chunk(items, 2);\n}\n```', target, text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const source = await ecmaCandidateSource(target, parsed.candidate.fileText, Object.keys(files), async (f) => files[f as keyof typeof files]);
    expect(source).toContain('"src/lists.ts": function (exports, require, module)');
    const runs = await executorFor(folder, files).execute({
      folder,
      target,
      candidates: [{ id: 'a', fileText: parsed.candidate.fileText }],
      checks: [
        { id: 'c1', kind: 'exec', code: "assert.deepStrictEqual(pages(['a', 'b', 'c']), [['a', 'b'], ['c']]);" },
        { id: 'c2', kind: 'exec', code: 'const n: number = pages([]).length;\nassert.strictEqual(n, 0);' },
        { id: 'c3', kind: 'eval', code: "pages(['x'])" },
      ],
      signal: new AbortController().signal,
    });
    expect(runs[0]!.loadError).toBeUndefined();
    expect(runs[0]!.checks).toEqual({ c1: 'pass', c2: 'pass', c3: 'pass' });
    expect(runs[0]!.values!.c3).toBe("[ [ 'x' ] ]");
  });
});
