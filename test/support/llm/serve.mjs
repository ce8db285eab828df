// Runs serve.ts with plain `node` (Node 20 cannot run TypeScript): bundles it with esbuild into
// node_modules/.cache and starts it. Arguments are passed through; see serve.ts.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const outfile = path.join(root, 'node_modules', '.cache', 'selfdebug', 'scripted-llm-server.cjs');
mkdirSync(path.dirname(outfile), { recursive: true });
await esbuild.build({
  entryPoints: [path.join(here, 'serve.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
});
const { main } = createRequire(import.meta.url)(outfile);
process.exitCode = await main(process.argv.slice(2));
