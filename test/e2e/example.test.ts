// The main job: `npm run example` on a machine without desktop VS Code starts code-server with
// the packaged extension on the bundled example workspace and prints the URL; the page it
// prints shows both example projects with SelfDebug active, and Ctrl+C stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser';
import { editorEnv, freePort } from './support/codeServer';
import { eventually } from './support/eventually';
import { Workbench } from './support/pages/Workbench';
import { repoRoot, resultsRoot } from './support/paths';

describe('npm run example (code-server flavour)', { retry: 1 }, () => {
  let child: ChildProcess;
  let output = '';
  let browser: Browser;

  beforeAll(async () => {
    const e2e = inject('e2e');
    if (e2e.setupError) throw new Error(`The end-to-end set-up failed, so this test cannot run:\n${e2e.setupError}`);
    const port = await freePort();
    // globalSetup has just packaged the extension; --code-server because a developer machine may have `code`.
    child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'open-example.mjs'), '--code-server', '--no-package', '--port', String(port)], {
      cwd: repoRoot,
      env: editorEnv({ SELFDEBUG_EXAMPLE_HOME: path.join(e2e.runDir, 'example-home') }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    browser = await launchBrowser(e2e.chromiumPath);
  });

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
    }
  });

  it('prints the URL of a workbench with both examples and SelfDebug active, and stops on Ctrl+C', async () => {
    const url = await eventually(
      () => {
        const match = /(http:\/\/127\.0\.0\.1:\d+\/\?workspace=\S+)/.exec(output);
        if (!match) throw new Error(`output so far:\n${output}`);
        return match[1];
      },
      { timeoutMs: 180_000, what: 'npm run example to print the URL' },
    );
    expect(decodeURIComponent(url)).toContain(path.join(repoRoot, 'examples', 'selfdebug-examples.code-workspace'));

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const workbench = new Workbench(page, path.join(repoRoot, 'examples'), path.join(resultsRoot, 'example'));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await workbench.waitForReady();
    await workbench.answerTrust(true);
    await workbench.waitForTrustState(true);
    const explorer = page.getByRole('tree', { name: 'Files Explorer' });
    await explorer.getByRole('treeitem', { name: 'python-shop' }).waitFor({ timeout: 30_000 });
    await explorer.getByRole('treeitem', { name: 'ts-inventory' }).waitFor({ timeout: 30_000 });

    await workbench.openFile('ts-inventory/src/forecast.ts');
    expect(await workbench.editor.visibleText()).toContain('export function forecastDemand');
    await workbench.runCommand('SelfDebug: Show Log');
    // The view shows the channel's last lines: the activation line, or the index built for an
    // example (which only an activated extension logs) once later lines have pushed it up.
    await workbench.panel.waitForOutput('SelfDebug', /SelfDebug \S+ activated|Index ready for \S+examples\/(python-shop|ts-inventory)/);
    await workbench.screenshot('examples-open');

    child.kill('SIGINT');
    const exit = await new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });
    expect(exit).toBe(0);
    expect(output).toContain('stopping code-server (SIGINT)');
  });
});
