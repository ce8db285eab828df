// One code-server (with a chosen environment) and one browser per test file; each test opens
// its own copy of a workspace in its own page. Screenshots and logs go to test-results/e2e/<name>/.
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { inject } from 'vitest';
import { launchBrowser } from './browser';
import { CodeServer } from './codeServer';
import './context';
import { resultsRoot } from './paths';
import { Workbench } from './pages/Workbench';

export interface SessionOptions {
  /** Environment of code-server and so of the extension host (e.g. SELFDEBUG_TEST_HOOKS, OPENAI_BASE_URL). */
  env?: Record<string, string | undefined>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
}

export interface OpenOptions {
  /** Answer the Workspace Trust dialog with yes (true) or no (false). */
  trust: boolean;
  /** Screenshot sub-folder; defaults to the workspace name and a counter. */
  label?: string;
}

export class E2eSession {
  private readonly contexts: BrowserContext[] = [];
  private opened = 0;

  private constructor(
    readonly name: string,
    readonly dir: string,
    readonly resultsDir: string,
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly userDataDir: string,
  ) {}

  static async start(name: string, options: SessionOptions = {}): Promise<E2eSession> {
    const e2e = inject('e2e');
    if (e2e.setupError) throw new Error(`The end-to-end set-up failed, so this test cannot run:\n${e2e.setupError}`);
    const dir = path.join(e2e.runDir, name);
    const resultsDir = path.join(resultsRoot, name);
    mkdirSync(resultsDir, { recursive: true });
    // Each file gets its own extensions dir: VS Code may rewrite extensions.json on start.
    const extensionsDir = path.join(dir, 'extensions');
    cpSync(e2e.extensionsDir, extensionsDir, { recursive: true });
    const userDataDir = path.join(dir, 'user-data');
    const server = await CodeServer.start({
      serverDir: e2e.serverDir,
      extensionsDir,
      userDataDir,
      env: options.env,
      settings: options.settings,
      logFile: path.join(resultsDir, 'code-server.log'),
    });
    let browser: Browser;
    try {
      browser = await launchBrowser(e2e.chromiumPath);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return new E2eSession(name, dir, resultsDir, server, browser, userDataDir);
  }

  /** Copies `source` (a fixture or example folder) and opens the copy in a new window. */
  async open(source: string, options: OpenOptions): Promise<Workbench> {
    const index = ++this.opened;
    const label = options.label ?? `${path.basename(source)}-${index}`;
    const folder = path.join(this.dir, 'workspaces', label, path.basename(source));
    cpSync(source, folder, {
      recursive: true,
      filter: (src) => !/(^|[\\/])(node_modules|__pycache__|\.pytest_cache)$/.test(src),
    });
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 800 } });
    this.contexts.push(context);
    const page = await context.newPage();
    const consoleLog = path.join(this.resultsDir, `${label}.browser-console.log`);
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') appendFileSync(consoleLog, `[${message.type()}] ${message.text()}\n`);
    });
    page.on('pageerror', (error) => appendFileSync(consoleLog, `[pageerror] ${error.stack ?? error.message}\n`));
    const workbench = new Workbench(page, folder, path.join(this.resultsDir, label));
    await page.goto(this.server.url(folder), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await workbench.waitForReady();
    await workbench.answerTrust(options.trust);
    await workbench.waitForTrustState(options.trust);
    await workbench.screenshot(options.trust ? 'opened-trusted' : 'opened-restricted');
    return workbench;
  }

  /**
   * The full text an output channel has written so far, from the extension host's log files
   * (the Output view only renders the visible lines).
   */
  outputChannelLog(channel: string): string {
    const logs = path.join(this.userDataDir, 'logs');
    if (!existsSync(logs)) return '';
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) walk(full);
        else if (new RegExp(`^\\d+-${channel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.log$`).test(entry)) files.push(full);
      }
    };
    walk(logs);
    return files.map((f) => readFileSync(f, 'utf8')).join('');
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
  }
}
