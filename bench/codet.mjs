// Runs bench/codet.ts: bundles it with esbuild (same settings as the extension build) into
// node_modules/.cache, where the data files are still found, then runs it with the given args.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'node_modules', '.cache', 'selfdebug-bench', 'codet.cjs');

await esbuild.build({
  entryPoints: [path.join(root, 'bench', 'codet.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  sourcemap: true,
  logLevel: 'warning',
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
});

// In this process, so SIGINT/SIGTERM reach the benchmark (it cancels the check workers).
process.setSourceMapsEnabled(true);
createRequire(import.meta.url)(outfile);
