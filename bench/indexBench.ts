// One measurement of the index benchmark, run by bench/index.mjs in its own process so each
// gets its own peak memory. Prints one JSON object.
//   native <folder>      bare parse of the indexable files with the native tree-sitter binding
//   wasm-parse <folder>  bare parse of the same files with web-tree-sitter, in this thread
//   index <folder>       the full WorkspaceIndex build (worker threads), then one-line edits
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { skipReason, defaultLimits } from '../src/core/index/fileFilter';
import { countLines } from '../src/core/index/fileSymbols';
import { allLanguages } from '../src/core/index/languages';
import { parseText } from '../src/core/index/parser';
import type { LanguageId } from '../src/core/index/types';
import { defaultExcludes, listSourceFiles } from '../src/core/index/walker';
import { WorkspaceIndex } from '../src/core/index/workspaceIndex';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

interface Source {
  path: string;
  absolute: string;
  language: LanguageId;
}

/** The files the index would parse: same walk, same size/binary/minified filter. */
/** Exclude globs: the index's defaults plus the benchmark's `--exclude` ones (BENCH_EXCLUDE, newline-separated). */
const excludes = [...defaultExcludes, ...(process.env.BENCH_EXCLUDE ?? '').split('\n').filter(Boolean)];

async function indexableFiles(folder: string): Promise<{ files: Source[]; lines: number }> {
  const walk = await listSourceFiles(folder, { exclude: excludes, maxFileBytes: defaultLimits.maxFileBytes });
  const files: Source[] = [];
  let lines = 0;
  for (const file of walk.files) {
    const text = await readFile(file.absolute, 'utf8').catch(() => undefined);
    if (text === undefined || skipReason(file.path, text)) continue;
    files.push(file);
    lines += countLines(text);
  }
  return { files, lines };
}

/** CPU time of this process so far (all threads), ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

function peakMemoryMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function native(folder: string) {
  const { files, lines } = await indexableFiles(folder);
  const require = createRequire(__filename);
  const NativeParser = require('tree-sitter') as new () => { setLanguage(l: unknown): void; parse(text: string): { rootNode: { hasError: boolean } } };
  const parsers = new Map<string, { parse(text: string): { rootNode: { hasError: boolean } } }>();
  for (const language of allLanguages()) {
    const binding = require(language.grammar.package) as Record<string, unknown>;
    const parser = new NativeParser();
    parser.setLanguage(language.grammar.nativeExport ? binding[language.grammar.nativeExport] : binding);
    parsers.set(language.id, parser);
  }
  const started = performance.now();
  const cpuBefore = cpuMs();
  let withErrors = 0;
  for (const file of files) {
    const text = await readFile(file.absolute, 'utf8');
    if (parsers.get(file.language)!.parse(text).rootNode.hasError) withErrors++;
  }
  const ms = performance.now() - started;
  return { mode: 'native', files: files.length, lines, ms, cpuMs: cpuMs() - cpuBefore, filesWithErrors: withErrors, peakMb: peakMemoryMb() };
}

async function wasmParse(folder: string) {
  const { files, lines } = await indexableFiles(folder);
  for (const language of allLanguages()) (await parseText(language.id, '')).delete();
  const started = performance.now();
  const cpuBefore = cpuMs();
  let withErrors = 0;
  for (const file of files) {
    const tree = await parseText(file.language, await readFile(file.absolute, 'utf8'));
    if (tree.rootNode.hasError) withErrors++;
    tree.delete();
  }
  const ms = performance.now() - started;
  return { mode: 'wasm-parse', files: files.length, lines, ms, cpuMs: cpuMs() - cpuBefore, filesWithErrors: withErrors, peakMb: peakMemoryMb() };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function index(folder: string, edits: number) {
  const started = performance.now();
  const cpuBefore = cpuMs();
  let mainThread = '';
  const logger = { ...quiet, debug: (m: string) => (/main thread spent/.test(m) ? (mainThread = m.replace(/^Index: /, '')) : undefined) };
  const built = await WorkspaceIndex.build(folder, { logger, exclude: excludes });
  const ms = performance.now() - started;
  const buildCpuMs = cpuMs() - cpuBefore;
  const stats = built.stats();
  const lines = built.files().reduce((sum, f) => sum + f.lines, 0);
  const peakAfterBuild = peakMemoryMb();

  // One-line edits in a large file (the one with the most symbols, or BENCH_FILE), through the
  // open-document path the editor uses.
  const symbolCount = (file: string) => built.symbolsInFile(file).length;
  const largest = process.env.BENCH_FILE
    ? built.files().find((f) => f.path === process.env.BENCH_FILE)!
    : built.files().reduce((a, b) => (symbolCount(b.path) > symbolCount(a.path) ? b : a));
  if (!largest) throw new Error(`BENCH_FILE ${process.env.BENCH_FILE} is not indexed`);
  let text = await readFile(path.join(folder, largest.path), 'utf8');
  await built.openDocument(largest.path, text);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < edits; i++) {
    // Type a character at the end of a random non-blank line, then delete it: two one-line
    // edits. (A blank line would take the character at column 0, which in Python ends every
    // block around it: a restructuring, not a line edit.)
    let line = Math.floor(random() * (lineStarts.length - 1));
    while (!text.slice(lineStarts[line], lineStarts[line + 1]! - 1).trim()) line = Math.floor(random() * (lineStarts.length - 1));
    const end = lineStarts[line + 1]! - 1;
    for (const change of [
      { rangeOffset: end, rangeLength: 0, text: 'x' },
      { rangeOffset: end, rangeLength: 1, text: '' },
    ]) {
      const next = text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await built.applyEdit(largest.path, [change], next);
      times.push(performance.now() - t0);
      const c1 = process.cpuUsage(c0);
      cpuTimes.push((c1.user + c1.system) / 1000);
      text = next;
    }
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const fullTimes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await built.updateFile(largest.path, text);
    fullTimes.push(performance.now() - t0);
  }
  fullTimes.sort((a, b) => a - b);
  await built.dispose();
  return {
    mode: 'index',
    files: stats.files,
    lines,
    ms,
    cpuMs: buildCpuMs,
    symbols: stats.symbols,
    edges: stats.edges,
    parseErrors: stats.parseErrors,
    skipped: stats.skipped ?? 0,
    languages: stats.languages,
    peakMb: peakAfterBuild,
    mainThread,
    incremental: {
      file: largest.path,
      fileLines: largest.lines,
      fileSymbols: symbolCount(largest.path),
      edits: times.length,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times[times.length - 1],
      cpuP50: percentile(cpuTimes, 50),
      cpuP95: percentile(cpuTimes, 95),
      fullReparseP50: percentile(fullTimes, 50),
    },
  };
}

async function main(): Promise<void> {
  const [mode, folder, editsArg] = process.argv.slice(2);
  if (!mode || !folder) throw new Error('usage: indexBench <native|wasm-parse|index> <folder> [edits]');
  const absolute = path.resolve(folder);
  const result = mode === 'native' ? await native(absolute) : mode === 'wasm-parse' ? await wasmParse(absolute) : await index(absolute, Number(editsArg ?? 100));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
