// Runs once before the end-to-end files: packages the extension as a user gets it (.vsix),
// makes sure code-server is installed (cached outside the clone), and installs the .vsix into
// a fresh extensions dir that every test file copies.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { findChromium } from './browser';
import { installExtension } from './codeServer';
import type { E2eContext } from './context';
import { installScript, repoRoot, resultsRoot, vsixPath } from './paths';

const execFileAsync = promisify(execFile);

function log(message: string): void {
  process.stderr.write(`[e2e setup] ${message}\n`);
}

async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const result = await run();
    log(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    const output = [e.stdout, e.stderr].filter(Boolean).join('\n').slice(-6000);
    throw new Error(`${what} failed: ${e.message}${output ? `\n${output}` : ''}`, { cause: error });
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // A failed set-up fails every end-to-end test with its reason, instead of aborting the whole
  // run (and the unit tests with it).
  try {
    return await prepare(project);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`failed: ${message}`);
    project.provide('e2e', { setupError: message } as E2eContext);
    return () => {};
  }
}

async function prepare(project: TestProject): Promise<() => void> {
  rmSync(resultsRoot, { recursive: true, force: true });
  mkdirSync(resultsRoot, { recursive: true });

  // SELFDEBUG_E2E_REUSE_VSIX=1 skips packaging while iterating on tests (never in CI).
  if (!(process.env.SELFDEBUG_E2E_REUSE_VSIX === '1' && existsSync(vsixPath))) {
    await step('npm run package', () => execFileAsync('npm', ['run', 'package'], { cwd: repoRoot, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }));
  }
  if (!existsSync(vsixPath)) throw new Error(`npm run package did not produce ${vsixPath}`);

  const serverDir = await step('code-server install (cached)', async () => {
    const { stdout } = await execFileAsync('bash', [installScript], { cwd: repoRoot, timeout: 1_500_000, maxBuffer: 64 * 1024 * 1024 });
    const dir = stdout.trim().split('\n').pop() ?? '';
    if (!existsSync(path.join(dir, 'out', 'node', 'entry.js'))) throw new Error(`installer printed '${dir}', which has no out/node/entry.js`);
    return dir;
  });

  const runDir = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-e2e-'));
  const extensionsDir = path.join(runDir, 'extensions');
  const installed = await step('code-server --install-extension selfdebug.vsix', () =>
    installExtension(serverDir, extensionsDir, path.join(runDir, 'install-user-data'), vsixPath),
  );

  const context: E2eContext = {
    serverDir,
    extensionsDir,
    chromiumPath: findChromium(),
    runDir,
    extensionId: installed.id,
    extensionVersion: installed.version,
  };
  project.provide('e2e', context);

  return () => {
    if (process.env.SELFDEBUG_E2E_KEEP !== '1') rmSync(runDir, { recursive: true, force: true });
  };
}
