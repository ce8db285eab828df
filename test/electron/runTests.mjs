#!/usr/bin/env node
// Runs test/electron/suite/*.test.ts with mocha inside a desktop VS Code (Extension Development
// Host) through @vscode/test-electron. Needs network access to download VS Code, or a local
// VS Code via VSCODE_EXECUTABLE_PATH; on a headless Linux box run it under `xvfb-run -a`.
// Run `npm run build` first (`npm run test:electron` does).
//
//   node test/electron/runTests.mjs               bundle the suite, download VS Code, run
//   node test/electron/runTests.mjs --build-only  bundle the suite only (used by a unit test)
//   --out DIR                                     where the bundled suite goes
// Env: VSCODE_EXECUTABLE_PATH (skip the download), VSCODE_TEST_VERSION (default: the engine's
// minimum, 1.100.3; "stable" and "insiders" work too).
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const args = process.argv.slice(2);
const buildOnly = args.includes('--build-only');
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(repoRoot, 'out', 'electron-tests');

function fail(message) {
  console.error(`test:electron: ${message}`);
  process.exit(1);
}

/** Bundles the mocha entry and every suite file to CommonJS; vscode and mocha stay external. */
async function bundleSuite() {
  const suiteDir = path.join(here, 'suite');
  const tests = readdirSync(suiteDir).filter((f) => /\.test\.[cm]?[jt]s$/.test(f));
  if (tests.length === 0) fail(`no *.test.ts files in ${suiteDir}`);
  rmSync(outDir, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [path.join(suiteDir, 'index.ts'), ...tests.map((f) => path.join(suiteDir, f))],
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // One mocha instance shared by the runner and the test files (its describe/it are bound to it).
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  if (result.errors.length) fail('bundling the suite failed');
  return { index: path.join(outDir, 'index.js'), tests: tests.map((f) => f.replace(/\.[cm]?[jt]s$/, '.js')) };
}

const bundle = await bundleSuite();
console.log(`test:electron: bundled ${bundle.tests.length} suite file(s) into ${path.relative(repoRoot, outDir)}`);
if (buildOnly) process.exit(0);

const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
if (vscodeExecutablePath) {
  if (!existsSync(vscodeExecutablePath)) fail(`VSCODE_EXECUTABLE_PATH=${vscodeExecutablePath} does not exist`);
} else {
  const version = process.env.VSCODE_TEST_VERSION || '1.100.3';
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, timeout: 30_000 });
  } catch (error) {
    fail(
      [
        `could not download VS Code ${version}: ${error instanceof Error ? error.message : String(error)}`,
        'This suite needs network access to download VS Code, or a local install:',
        '  VSCODE_EXECUTABLE_PATH=/path/to/code npm run test:electron',
        'Offline, the end-to-end suite in code-server covers the same ground: npm run test:e2e',
      ].join('\n'),
    );
  }
}
if (!existsSync(path.join(repoRoot, 'dist', 'extension.js'))) fail('dist/extension.js is missing: run `npm run build` first');
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.warn('test:electron: no DISPLAY; desktop VS Code needs one. Run under `xvfb-run -a npm run test:electron`.');
}

// A scratch copy of the Python example: tests may write into the workspace.
const workspace = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-electron-'));
cpSync(path.join(repoRoot, 'examples', 'python-shop'), path.join(workspace, 'python-shop'), { recursive: true });
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: bundle.index,
    launchArgs: [path.join(workspace, 'python-shop'), '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
    extensionTestsEnv: { SELFDEBUG_ELECTRON_TESTS: bundle.tests.join(path.delimiter), OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined },
  });
} catch (error) {
  fail(`the suite failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
