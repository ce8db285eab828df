#!/usr/bin/env node
// `npm run example`: packages SelfDebug and opens the bundled example workspace (examples/) in
// a VS Code with the extension installed: desktop VS Code when `code` is on the PATH, otherwise
// code-server in the browser (installed once into ~/.cache/selfdebug-e2e), printing its URL and
// running until Ctrl+C.
//
// Options: --code-server   use code-server even when `code` is on the PATH
//          --port N        code-server port (default 8080, or a free one if 8080 is taken)
//          --host H        code-server bind host (default 127.0.0.1; it runs without a password,
//                          so only bind elsewhere on a network you trust)
//          --no-package    reuse an existing selfdebug.vsix
// Env:     SELFDEBUG_EXAMPLE_HOME  where code-server keeps this example's settings and extensions
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspaceFile = path.join(repoRoot, 'examples', 'selfdebug-examples.code-workspace');
const vsix = path.join(repoRoot, 'selfdebug.vsix');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function say(message) {
  console.log(`[example] ${message}`);
}

function die(message) {
  console.error(`[example] error: ${message}`);
  process.exit(1);
}

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', cwd: repoRoot, ...options });
  if (result.error) die(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) die(`${command} ${commandArgs.join(' ')} exited with ${result.status}`);
  return result;
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

function portIsFree(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

async function choosePort(host) {
  const wanted = option('--port');
  if (wanted) {
    if (!(await portIsFree(Number(wanted), host))) die(`port ${wanted} is in use`);
    return Number(wanted);
  }
  if (await portIsFree(8080, host)) return 8080;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

if (!existsSync(path.join(repoRoot, 'node_modules'))) die('run `npm ci` in the repository first');
if (!args.includes('--no-package') || !existsSync(vsix)) {
  say('building and packaging the extension (npm run package)');
  run('npm', ['run', 'package'], { stdio: ['ignore', 'inherit', 'inherit'] });
}
if (!existsSync(vsix)) die(`${vsix} was not produced`);

if (!args.includes('--code-server') && onPath('code')) {
  say('installing selfdebug.vsix into desktop VS Code');
  run('code', ['--install-extension', vsix, '--force']);
  say(`opening ${path.relative(repoRoot, workspaceFile)}`);
  run('code', [workspaceFile]);
  say('VS Code is open on the examples. Reset them any time with: git checkout -- examples');
  process.exit(0);
}

say('`code` is not on the PATH: using code-server in the browser');
const install = spawnSync('bash', [path.join(repoRoot, 'scripts', 'e2e', 'install-code-server.sh')], {
  cwd: repoRoot,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (install.status !== 0) die('installing code-server failed (see above)');
const serverDir = install.stdout.trim().split('\n').pop();
const entry = path.join(serverDir, 'out', 'node', 'entry.js');

const home = process.env.SELFDEBUG_EXAMPLE_HOME || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'selfdebug-e2e', 'example');
const userDataDir = path.join(home, 'user-data');
const extensionsDir = path.join(home, 'extensions');
mkdirSync(userDataDir, { recursive: true });
const config = path.join(home, 'code-server.yaml');
writeFileSync(config, 'auth: none\ndisable-telemetry: true\ndisable-update-check: true\n');

say('installing selfdebug.vsix into code-server');
run(process.execPath, [entry, '--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});

const host = option('--host') || '127.0.0.1';
const port = await choosePort(host);
const server = spawn(
  process.execPath,
  [entry, '--config', config, '--bind-addr', `${host}:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir],
  { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
);
const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/?workspace=${encodeURIComponent(workspaceFile)}`;
let announced = false;
const watch = (chunk) => {
  const text = chunk.toString();
  if (process.env.SELFDEBUG_EXAMPLE_VERBOSE) process.stderr.write(text);
  if (!announced && /HTTP server listening on/.test(text)) {
    announced = true;
    say('code-server is running with SelfDebug installed. Open:');
    console.log(`\n    ${url}\n`);
    say('Press Ctrl+C to stop. Reset the examples any time with: git checkout -- examples');
  }
};
server.stdout.on('data', watch);
server.stderr.on('data', watch);

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  say(`stopping code-server (${signal})`);
  try {
    process.kill(-server.pid, 'SIGTERM'); // the server and the extension hosts it started
  } catch {
    /* already gone */
  }
  setTimeout(() => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 5000).unref();
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
server.on('exit', (code, signal) => {
  if (!stopping) die(`code-server exited unexpectedly (${signal ?? code}); run with SELFDEBUG_EXAMPLE_VERBOSE=1 to see its log`);
  process.exit(0);
});
