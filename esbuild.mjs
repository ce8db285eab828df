// Bundles the extension, the CLI and the worker entry points, and copies the data files
// (tree-sitter WASM, queries, prompt templates, helper scripts) next to the bundles.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync, chmodSync, rmSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outdir = 'dist';

/** Entry points: [source, bundle name]. Workers are separate bundles loaded with worker_threads. */
const entries = [
  ['src/vscode/extension.ts', 'extension'],
  ['src/cli/main.ts', 'cli'],
  ...(existsSync('src/core/index/worker/parseWorker.ts') ? [['src/core/index/worker/parseWorker.ts', 'parseWorker']] : []),
];

/** WASM files the index needs at run time: the runtime, and each grammar the language registry names. */
const languageRegistry = JSON.parse(readFileSync('resources/queries/languages.json', 'utf8'));
const wasmFiles = [
  require.resolve('web-tree-sitter/tree-sitter.wasm'),
  ...languageRegistry.languages.map((l) => path.join(path.dirname(require.resolve(`${l.grammar.package}/package.json`)), l.grammar.wasm)),
];

function copyData() {
  mkdirSync(path.join(outdir, 'wasm'), { recursive: true });
  for (const file of wasmFiles) cpSync(file, path.join(outdir, 'wasm', path.basename(file)));
  rmSync(path.join(outdir, 'resources'), { recursive: true, force: true });
  cpSync('resources', path.join(outdir, 'resources'), { recursive: true });
}

const options = {
  entryPoints: Object.fromEntries(entries.map(([src, name]) => [name, src])),
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: true,
  minify: production,
  logLevel: 'info',
  // ESM-only dependencies bundled into CJS may read import.meta.url; give them the bundle's URL.
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
  plugins: [
    {
      name: 'copy-data',
      setup(build) {
        build.onEnd((result) => {
          if (result.errors.length) return;
          copyData();
          const cli = path.join(outdir, 'cli.js');
          if (existsSync(cli)) chmodSync(cli, 0o755);
        });
      },
    },
  ],
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('[esbuild] watching for changes');
} else {
  await esbuild.build(options);
}
