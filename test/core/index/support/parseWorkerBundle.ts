// Bundles the parse worker the way esbuild.mjs does, so tests can run real worker threads
// from the TypeScript sources. Each test process gets its own output folder.
import path from 'node:path';
import { build } from 'esbuild';

const repository = path.resolve(__dirname, '../../../..');

export async function buildParseWorker(): Promise<string> {
  const outdir = path.join(repository, 'node_modules', '.cache', `selfdebug-index-test-${process.pid}`);
  await build({
    entryPoints: { parseWorker: path.join(repository, 'src/core/index/worker/parseWorker.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'silent',
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
  });
  return path.join(outdir, 'parseWorker.js');
}
