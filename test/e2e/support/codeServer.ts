// Runs code-server (VS Code 1.100 served over HTTP) for the end-to-end tests: installs the
// packaged extension into an extensions dir and starts a server with a chosen environment,
// which code-server hands on to the extension host.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Variables that must not leak from the machine running the tests into the editor under test. */
const STRIPPED_ENV = [
  /^OPENAI_/, // a developer's real key or endpoint would make "no endpoint configured" tests lie
  /^SELFDEBUG_/,
  /^VSCODE_/, // e.g. VSCODE_IPC_HOOK_CLI makes code-server hand the folder to another VS Code
  /^ELECTRON_/,
  /^VITEST/,
  /^NODE_OPTIONS$/,
];

export function editorEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!STRIPPED_ENV.some((re) => re.test(key))) env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function entry(serverDir: string): string {
  return path.join(serverDir, 'out', 'node', 'entry.js');
}

/** code-server writes ~/.config/code-server/config.yaml (with a password) unless given a config. */
function configFile(userDataDir: string): string {
  const file = path.join(userDataDir, 'code-server.yaml');
  if (!existsSync(file)) {
    mkdirSync(userDataDir, { recursive: true });
    writeFileSync(file, 'auth: none\ndisable-telemetry: true\ndisable-update-check: true\n');
  }
  return file;
}

export interface InstalledExtension {
  id: string;
  version: string;
}

/** Installs a .vsix the way a user would (`--install-extension`); VS Code 1.100 ignores copied folders. */
export async function installExtension(serverDir: string, extensionsDir: string, userDataDir: string, vsix: string): Promise<InstalledExtension> {
  mkdirSync(extensionsDir, { recursive: true });
  const args = [entry(serverDir), '--config', configFile(userDataDir), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'];
  const { stdout, stderr } = await execFileAsync(process.execPath, args, { env: editorEnv(), timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
  const registry = path.join(extensionsDir, 'extensions.json');
  if (!existsSync(registry)) throw new Error(`--install-extension did not register anything:\n${stdout}\n${stderr}`);
  const entries = JSON.parse(readFileSync(registry, 'utf8')) as { identifier: { id: string }; version: string }[];
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(vsix), 'package.json'), 'utf8')) as { publisher: string; name: string };
  const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
  const installed = entries.find((e) => e.identifier.id.toLowerCase() === id);
  if (!installed) throw new Error(`${id} is not in ${registry} after --install-extension:\n${stdout}\n${stderr}`);
  return { id, version: installed.version };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface CodeServerOptions {
  serverDir: string;
  extensionsDir: string;
  userDataDir: string;
  /** Environment of the server and so of the extension host (on top of a cleaned process.env). */
  env?: Record<string, string | undefined>;
  /** User settings.json content. */
  settings?: Record<string, unknown>;
  logFile: string;
  startTimeoutMs?: number;
}

/** Settings that keep the workbench quiet and predictable for a robot. */
export const testSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  // The DOM renderer keeps terminal text readable from the page (WebGL draws to a canvas).
  'terminal.integrated.gpuAcceleration': 'off',
  'editor.minimap.enabled': false,
  'editor.codeLens': true,
  'files.autoSave': 'off',
  'security.workspace.trust.untrustedFiles': 'open',
};

export class CodeServer {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {
    child.once('exit', () => (this.exited = true));
  }

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const { serverDir, extensionsDir, userDataDir, logFile } = options;
    mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    mkdirSync(path.dirname(logFile), { recursive: true });
    writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...testSettings, ...options.settings }, null, 2));
    const port = await freePort();
    const args = [
      entry(serverDir),
      '--config', configFile(userDataDir),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
    ];
    const log = createWriteStream(logFile);
    // Own process group, so stop() also ends the extension host and terminals it started.
    const child = spawn(process.execPath, args, { env: editorEnv(options.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    const server = new CodeServer(child, port, logFile);
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`code-server did not start within ${options.startTimeoutMs ?? 90_000} ms`)), options.startTimeoutMs ?? 90_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/HTTP server listening on/.test(output)) done();
      };
      const onExit = (code: number | null) => fail(new Error(`code-server exited (${code}) before listening`));
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        child.off('exit', onExit);
      };
      function done() {
        cleanup();
        resolve();
      }
      function fail(error: Error) {
        cleanup();
        void server.stop();
        reject(new Error(`${error.message}; its output:\n${output.slice(-4000)}`));
      }
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', onExit);
    });
    return server;
  }

  /** The workbench URL that opens `folder`. */
  url(folder: string): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(folder)}`;
  }

  async stop(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-this.child.pid!, sig);
      } catch {
        /* already gone */
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    signal('SIGKILL'); // children that ignored SIGTERM (terminals, test runs)
  }
}
