// Runs bench/<name>.ts: bundles it with esbuild (same settings as the extension build) into
// node_modules/.cache, where the data files are still found, then runs it in this process with
// the remaining arguments (so SIGINT/SIGTERM reach the benchmark's own handlers).
//   node bench/run.mjs <name> [args...]
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
const entry = path.join(root, 'bench', `${name}.ts`);
if (!name || !existsSync(entry)) {
  console.error(`usage: node bench/run.mjs <name> [args...]  (no bench/${name ?? '<name>'}.ts)`);
  process.exit(2);
}
const outfile = path.join(root, 'node_modules', '.cache', 'selfdebug-bench', `${name}.cjs`);
await esbuild.build({
  entryPoints: [entry],
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
process.argv = [process.argv[0], outfile, ...args];
process.setSourceMapsEnabled(true);
createRequire(import.meta.url)(outfile);
