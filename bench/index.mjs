// `npm run bench:index -- <folder> [--edits N] [--json]`: speed and memory of the workspace
// index against a bare parse of the same files with the native tree-sitter binding.
// Bundles bench/indexBench.ts and the parse worker (as esbuild.mjs does) into node_modules/.cache,
// then runs each measurement in its own process so each reports its own peak memory.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import os from 'node:os';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'node_modules', '.cache', 'selfdebug-bench-index');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    edits: { type: 'string', default: '100' },
    json: { type: 'boolean', default: false },
    exclude: { type: 'string', multiple: true, default: [] },
    file: { type: 'string' },
  },
});
if (positionals.length !== 1) {
  console.error('Usage: npm run bench:index -- <folder> [--edits N] [--exclude <glob>]... [--file <relative path to edit>] [--json]');
  process.exit(2);
}
const folder = path.resolve(positionals[0]);
if (!existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error(`bench:index: not a folder: ${folder}`);
  process.exit(2);
}

await esbuild.build({
  entryPoints: { indexBench: path.join(root, 'bench', 'indexBench.ts'), parseWorker: path.join(root, 'src/core/index/worker/parseWorker.ts') },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // The native binding and its grammars load compiled addons: leave them to Node's require.
  external: ['tree-sitter', 'tree-sitter-python', 'tree-sitter-javascript', 'tree-sitter-typescript'],
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
});

function measure(mode) {
  const env = { ...process.env, BENCH_EXCLUDE: values.exclude.join('\n'), ...(values.file ? { BENCH_FILE: values.file } : {}) };
  const run = spawnSync(process.execPath, [path.join(outdir, 'indexBench.js'), mode, folder, values.edits], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env });
  if (run.status !== 0) {
    console.error(`bench:index: the ${mode} run failed:\n${run.stderr}`);
    process.exit(1);
  }
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

// The first run also warms the file cache for the others.
const wasmParse = measure('wasm-parse');
const native = measure('native');
const index = measure('index');
const ratio = native.ms / index.ms;

if (values.json) {
  console.log(JSON.stringify({ folder, native, wasmParse, index, ratio, loadAverage: os.loadavg()[0] }));
} else {
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const rate = (r) => `${Math.round(r.files / (r.ms / 1000))} files/s`;
  const row = (name, r, extra = '') => `${name.padEnd(34)}${s(r.ms).padStart(10)}${s(r.cpuMs).padStart(10)}${rate(r).padStart(16)}${`${r.peakMb} MB`.padStart(10)}  ${extra}`;
  const inc = index.incremental;
  console.log(`index benchmark: ${folder}${values.exclude.length ? ` (excluding ${values.exclude.join(', ')})` : ''}`);
  console.log(`files ${index.files} (${Object.entries(index.languages).map(([k, v]) => `${k} ${v}`).join(', ')}), lines ${index.lines}, skipped ${index.skipped}`);
  console.log(`${''.padEnd(34)}${'wall'.padStart(10)}${'CPU'.padStart(10)}${'rate'.padStart(16)}${'peak RSS'.padStart(10)}`);
  console.log(row('native tree-sitter, bare parse', native, `(1 thread; ${native.filesWithErrors} files with errors)`));
  console.log(row('web-tree-sitter, bare parse', wasmParse, `(1 thread; ${wasmParse.filesWithErrors} files with errors)`));
  console.log(row('web-tree-sitter, full index', index, `(workers; ${index.symbols} symbols, ${index.edges} edges, ${index.parseErrors} parse errors)`));
  console.log(`  full index: ${index.mainThread}`);
  console.log(`ratio native parse time / full index time: ${ratio.toFixed(2)} wall (target >= 0.5), ${(native.cpuMs / index.cpuMs).toFixed(2)} CPU; load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`);
  console.log(
    `incremental update, one-line edit in ${inc.file} (${inc.fileLines} lines, ${inc.fileSymbols} symbols): p50 ${inc.p50.toFixed(1)} ms, p95 ${inc.p95.toFixed(1)} ms, max ${inc.max.toFixed(1)} ms over ${inc.edits} edits (target p95 < 20 ms); CPU per edit p50 ${inc.cpuP50.toFixed(1)} ms, p95 ${inc.cpuP95.toFixed(1)} ms; full re-parse of that file p50 ${inc.fullReparseP50.toFixed(1)} ms`,
  );
}
