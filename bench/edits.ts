// npm run bench:edits -- [--root <dir>] [--samples N] [--seed S] [--verbose]
// Synthesises model answers in the shapes models use (whole function, method without its class,
// 2-space re-indented function, SEARCH/REPLACE exact and with indentation drift, unified diff)
// for functions sampled from real source files, parses and applies them, and checks the result
// against the expected text. Prints per-shape success rate and parse+apply time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPatch } from 'diff';
import { applyEdits } from '../src/core/edits/applyEdits';
import { parseEditAnswer } from '../src/core/edits/parseAnswer';
import { extractFileSymbols } from '../src/core/index/fileSymbols';
import { languageOf } from '../src/core/index/languages';
import type { CodeSymbol } from '../src/core/index/types';

interface Case {
  file: string;
  text: string;
  symbol: CodeSymbol;
}

function listFiles(root: string, out: string[] = [], depth = 0): string[] {
  if (depth > 4) return out;
  for (const name of readdirSync(root)) {
    if (name.startsWith('.') || name === 'node_modules' || name === 'test' || name === 'tests' || name === 'site-packages' || name === 'dist-packages') continue;
    const full = path.join(root, name);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) listFiles(full, out, depth + 1);
    else if (languageOf(full) && stat.size < 200_000) out.push(full);
  }
  return out;
}

/** Deterministic PRNG (mulberry32) so a seed reproduces a run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const lead = (line: string) => /^[ \t]*/.exec(line)![0];

/** The function's lines and a copy with a comment inserted before its last line (the edit). */
function variants(c: Case) {
  const lines = c.text.split('\n');
  const first = c.symbol.startLine - 1;
  const last = c.symbol.endLine - 1;
  const own = lines.slice(first, last + 1);
  const comment = `${lead(own[own.length - 1]!)}${c.symbol.language === 'python' ? '#' : '//'} checked by selfdebug-bench`;
  const changed = [...own.slice(0, -1), comment, own[own.length - 1]!];
  const expected = [...lines.slice(0, last), comment, ...lines.slice(last)].join('\n');
  return { own, changed, expected, comment };
}

function dedent(lines: string[]): string[] {
  const base = Math.min(...lines.filter((l) => l.trim()).map((l) => lead(l).length));
  return lines.map((l) => l.slice(Math.min(base, lead(l).length)));
}

function toTwoSpaces(lines: string[]): string[] {
  return dedent(lines).map((l) => {
    const ws = lead(l).replace(/\t/g, '    ');
    return ' '.repeat(Math.floor(ws.length / 2)) + l.slice(lead(l).length);
  });
}

const tag = (c: Case) => (c.symbol.language === 'python' ? 'python' : c.symbol.language);

const shapes: Record<string, (c: Case) => string> = {
  'whole function': (c) => `Here is the fix:\n\n\`\`\`${tag(c)}\n${variants(c).changed.join('\n')}\n\`\`\`\n`,
  'dedented (method alone)': (c) => `\`\`\`${tag(c)}\n${dedent(variants(c).changed).join('\n')}\n\`\`\``,
  '2-space re-indented': (c) => `\`\`\`${tag(c)}\n${toTwoSpaces(variants(c).changed).join('\n')}\n\`\`\``,
  'search/replace exact': (c) => {
    const { own, comment } = variants(c);
    const tail = own.slice(-3);
    return `${c.file}\n\`\`\`\n<<<<<<< SEARCH\n${tail.join('\n')}\n=======\n${[...tail.slice(0, -1), comment, tail[tail.length - 1]].join('\n')}\n>>>>>>> REPLACE\n\`\`\``;
  },
  'search/replace drifted': (c) => {
    const { own, comment } = variants(c);
    const tail = dedent(own.slice(-3));
    const commentLine = lead(tail[tail.length - 1]!) + comment.trimStart();
    return `${c.file}\n\`\`\`\n<<<<<<< SEARCH\n${tail.join('\n')}\n=======\n${[...tail.slice(0, -1), commentLine, tail[tail.length - 1]].join('\n')}\n>>>>>>> REPLACE\n\`\`\``;
  },
  'unified diff': (c) => {
    const { own, comment } = variants(c);
    const tail = own.slice(-3);
    const body = [...tail.slice(0, -1).map((l) => ` ${l}`), `+${comment}`, ` ${tail[tail.length - 1]}`];
    return `\`\`\`diff\n--- a/${c.file}\n+++ b/${c.file}\n@@ -${c.symbol.endLine - 2},3 +${c.symbol.endLine - 2},4 @@\n${body.join('\n')}\n\`\`\``;
  },
};

function sameIgnoringIndentation(a: string, b: string): boolean {
  const la = a.split('\n');
  const lb = b.split('\n');
  return la.length === lb.length && la.every((line, i) => line.trim() === lb[i]!.trim());
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { root: { type: 'string', default: '/usr/lib/python3.11' }, samples: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' }, verbose: { type: 'boolean', default: false } } });
  const root = path.resolve(values.root!);
  const samples = Number(values.samples);
  const random = rng(Number(values.seed));
  const files = listFiles(root).sort();
  if (files.length === 0) {
    process.stderr.write(`no Python/JS/TS files under ${root}\n`);
    return 2;
  }
  const cases: Case[] = [];
  for (let tries = 0; cases.length < samples && tries < samples * 20; tries++) {
    const full = files[Math.floor(random() * files.length)]!;
    const text = readFileSync(full, 'utf8').replace(/\r\n/g, '\n');
    const file = path.relative(root, full).split(path.sep).join('/');
    const { symbols, parseErrors } = await extractFileSymbols(file, text).catch(() => ({ symbols: [] as CodeSymbol[], parseErrors: 1 }));
    if (parseErrors) continue;
    const candidates = symbols.filter((s) => (s.kind === 'function' || s.kind === 'method') && s.endLine - s.startLine >= 3 && s.endLine - s.startLine <= 80);
    // Names defined once in their file, so "replace the function of that name" has one answer.
    const unique = candidates.filter((s) => symbols.filter((o) => o.name === s.name).length === 1);
    if (unique.length === 0) continue;
    cases.push({ file, text, symbol: unique[Math.floor(random() * unique.length)]! });
  }
  process.stderr.write(`${cases.length} functions from ${files.length} files under ${root}\n`);
  for (const [shape, make] of Object.entries(shapes)) {
    let ok = 0;
    const times: number[] = [];
    const failures: string[] = [];
    for (const c of cases) {
      const files = new Map([[c.file, c.text]]);
      const answer = make(c);
      const started = performance.now();
      // As the repair loop does: the function under repair is the target.
      const targets = [{ file: c.file, qualifiedName: c.symbol.qualifiedName }];
      const parsed = await parseEditAnswer(answer, { files, defaultFile: c.file, targets });
      const result = await applyEdits(files, parsed.edits, { defaultFile: c.file, targets });
      times.push(performance.now() - started);
      const actual = result.files.get(c.file) ?? '';
      // Halving the indentation loses the alignment of continuation lines (9 spaces -> 4), which
      // cannot be restored exactly: that shape is checked line by line, ignoring indentation.
      const same = shape === '2-space re-indented' ? sameIgnoringIndentation(actual, variants(c).expected) : actual === variants(c).expected;
      if (same) ok++;
      else if (failures.length < 3) {
        const why = [...parsed.problems.map((p) => p.message), ...result.rejected.map((r) => r.reason)].join(' ');
        const diff = values.verbose && !why ? `\n${createPatch(c.file, variants(c).expected, result.files.get(c.file) ?? '', 'expected', 'actual')}` : '';
        failures.push(`${c.file}#${c.symbol.qualifiedName}: ${why || 'applied, but the text differs'}${diff}`);
      }
    }
    const rate = ((100 * ok) / cases.length).toFixed(1);
    process.stdout.write(`${shape.padEnd(24)} ${String(ok).padStart(4)}/${cases.length} applied as expected (${rate}%)  median ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms\n`);
    for (const failure of failures) process.stderr.write(`  e.g. ${values.verbose ? failure : failure.slice(0, 300)}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
