'use strict';
// Persistent check worker for SelfDebug (JavaScript/TypeScript candidates, already stripped of
// types by the extension). Same JSON-line protocol as resources/python/check_worker.py: requests
// on fd 3, answers on fd 4, so nothing a candidate prints can corrupt the protocol.
//
// Each candidate runs in a fresh worker thread (heap limit via resourceLimits) inside a vm
// context: loaded once, then every check with a per-check timeout (vm `timeout` for synchronous
// code, a timer for promises). A thread that runs out of memory, or does not answer within the
// deadline (an async loop, a swallowed timeout), is terminated; the check it was on is recorded
// and a fresh thread runs the remaining checks. `process.exit` inside a candidate only throws.
//
// Not a security sandbox: it contains accidents (loops, floods, exits, memory), not malice.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

const MESSAGE_LIMIT = 2000;
const VALUE_LIMIT = 1000;

function clip(text, limit) {
  if (text.length <= limit) return text;
  const half = Math.floor(limit / 2);
  return `${text.slice(0, half)} ... ${text.slice(-half)}`;
}

if (isMainThread) {
  supervisor();
} else {
  candidateThread();
}

// ---------------------------------------------------------------------------------------------
// Supervisor: reads requests, runs each candidate in threads, writes one answer per request.

function supervisor() {
  let answers;
  let requests;
  try {
    answers = fs.createWriteStream(null, { fd: 4 });
    requests = fs.createReadStream(null, { fd: 3, encoding: 'utf8' });
  } catch (error) {
    process.stderr.write(`check_worker: protocol pipes missing on fd 3/4 (${error.message})\n`);
    process.exit(2);
  }
  const scratchRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'selfdebug-jschecks-'));
  process.on('exit', () => fs.rmSync(scratchRoot, { recursive: true, force: true }));
  const suites = new Map();
  const send = (record) => answers.write(`${JSON.stringify(record)}\n`);
  send({ type: 'ready', pid: process.pid, node: process.version });

  let buffer = '';
  let queue = Promise.resolve();
  requests.on('data', (chunk) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim()) queue = queue.then(() => handle(line));
      newline = buffer.indexOf('\n');
    }
  });
  requests.on('end', () => queue.then(() => process.exit(0)));

  async function handle(line) {
    let request;
    try {
      request = JSON.parse(line);
      if (request.op === 'suite') {
        const invalid = {};
        const vm = require('node:vm');
        for (const check of request.checks) {
          try {
            new vm.Script(check.kind === 'eval' ? `(${check.code}\n)` : check.code, { filename: `check ${check.id}` });
          } catch (error) {
            invalid[check.id] = clip(`${error.name}: ${error.message}`, MESSAGE_LIMIT);
          }
        }
        suites.set(request.suite, { checks: request.checks, invalid });
        send({ type: 'suite', suite: request.suite, invalid });
      } else if (request.op === 'drop') {
        suites.delete(request.suite);
      } else if (request.op === 'run') {
        let checks;
        let invalid = {};
        if (request.suite !== undefined) {
          const suite = suites.get(request.suite);
          if (!suite) throw new Error(`unknown suite ${request.suite}`);
          checks = suite.checks;
          invalid = suite.invalid;
        } else {
          checks = request.checks || [];
        }
        if (Array.isArray(request.only)) {
          const wanted = new Set(request.only);
          checks = checks.filter((c) => wanted.has(c.id));
        }
        // Progress goes out as it happens: if this process dies (a V8 out-of-memory abort can take
        // the whole process down, not just the thread), the extension keeps what was done.
        const progress = (step, record) => send({ type: 'progress', req: request.req, step, record });
        send(await runCandidate(request, checks, invalid, scratchRoot, progress));
      } else if (request.op === 'exit') {
        process.exit(0);
      } else {
        throw new Error(`unknown op ${request.op}`);
      }
    } catch (error) {
      send({ type: 'error', req: request && typeof request.req === 'number' ? request.req : null, message: String(error && error.message) });
    }
  }
}

async function runCandidate(request, checks, invalid, scratchRoot, progress) {
  const started = performance.now();
  const results = [];
  let load;
  let position = 0;
  let threads = 0;
  while (position < checks.length || load === undefined) {
    threads += 1;
    const spent = results.filter((r) => r.status === 'timeout' && !String(r.message || '').startsWith('not run')).length;
    const outcome = await runThread(request, checks.slice(position), invalid, scratchRoot, load === undefined ? progress : (step, record) => step === 'check' && progress(step, record), spent);
    if (load === undefined) load = outcome.load;
    else if (outcome.load.status !== 'ok') {
      const why = `could not reload the candidate: ${outcome.load.message || outcome.load.status}`;
      for (const check of checks.slice(position)) results.push({ id: check.id, status: 'error', message: why });
      break;
    }
    if (load.status !== 'ok') break;
    results.push(...outcome.records);
    position += outcome.records.length;
    if (!outcome.crash || position >= checks.length) break;
    const crashed = { id: checks[position].id, status: outcome.crash.status, message: outcome.crash.message };
    results.push(crashed);
    progress('check', crashed);
    position += 1;
  }
  return { type: 'result', req: request.req, load, checks: results, forks: threads, ms: round(performance.now() - started) };
}

function round(ms) {
  return Math.round(ms * 1000) / 1000;
}

/** Runs checks in one thread; resolves with the load record, the check records and a crash, if any. */
function runThread(request, checks, invalid, scratchRoot, progress, timeoutsSoFar) {
  const timeout = Number(request.timeoutMs || 1000);
  const loadTimeout = Number(request.loadTimeoutMs || 5000);
  const grace = Math.max(2000, 10 * timeout);
  const memoryMb = Math.max(16, Number(request.memoryMb || 512));
  const scratch = fs.mkdtempSync(path.join(scratchRoot, 'c-'));
  return new Promise((resolve) => {
    let load;
    const records = [];
    let finished = false;
    let timer;
    const worker = new Worker(__filename, {
      workerData: { request, checks, invalid, scratch, timeoutsSoFar },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(4, memoryMb / 8)) },
      stdout: true,
      stderr: true,
      env: {},
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const finish = (crash) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      worker.terminate().catch(() => {});
      fs.rmSync(scratch, { recursive: true, force: true });
      if (!load) {
        load = crash && crash.status === 'timeout'
          ? { status: 'timeout', message: `loading took more than ${loadTimeout / 1000} s` }
          : { status: 'error', message: crash ? crash.message : 'the check thread ended before loading the candidate' };
        resolve({ load, records, crash: undefined });
        return;
      }
      resolve({ load, records, crash: records.length < checks.length && load.status === 'ok' ? crash : undefined });
    };
    const arm = (ms) => {
      clearTimeout(timer);
      timer = setTimeout(() => finish({ status: 'timeout', message: `took more than ${timeout / 1000} s (stopped)` }), ms);
    };
    arm(loadTimeout + grace);
    worker.on('message', (message) => {
      if (message.step === 'load') {
        load = message.record;
        progress('load', load);
        if (load.status !== 'ok') return finish(undefined);
      } else if (message.step === 'check') {
        records.push(message.record);
        progress('check', message.record);
      } else if (message.step === 'done') {
        return finish(undefined);
      }
      arm(timeout + grace);
    });
    worker.on('error', (error) => {
      const oom = error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish({ status: 'error', message: oom ? `out of memory (limit ${memoryMb} MB)` : `the check thread failed: ${clip(String(error && error.message), MESSAGE_LIMIT)}` });
    });
    worker.on('exit', (code) => finish({ status: 'error', message: `the check thread exited with code ${code}` }));
  });
}

// ---------------------------------------------------------------------------------------------
// Candidate thread: one vm context, the candidate loaded once, every check run in it.

function candidateThread() {
  const vm = require('node:vm');
  const util = require('node:util');
  const assert = require('node:assert');
  const { request, checks, invalid, scratch } = workerData;
  const maxTimeouts = typeof request.maxTimeouts === 'number' ? request.maxTimeouts : Infinity;
  let timeouts = workerData.timeoutsSoFar || 0;
  const timeout = Number(request.timeoutMs || 1000);
  const loadTimeout = Number(request.loadTimeoutMs || 5000);
  const outputLimit = Number(request.outputLimit || 2000);
  try {
    process.chdir(scratch);
  } catch {
    // worker threads cannot chdir in every Node version; the context has no fs access by default
  }

  let captured = { text: '', dropped: false };
  const write = (...args) => {
    const text = `${util.format(...args)}\n`;
    const room = outputLimit - captured.text.length;
    if (room > 0) captured.text += text.slice(0, room);
    if (text.length > room) captured.dropped = true;
  };
  const sandboxConsole = { log: write, info: write, warn: write, error: write, debug: write, trace: write, dir: write, table: write };
  const safeModules = new Set(['assert', 'node:assert', 'assert/strict', 'node:assert/strict', 'util', 'node:util', 'path', 'node:path', 'url', 'node:url', 'events', 'node:events', 'crypto', 'node:crypto', 'string_decoder', 'node:string_decoder', 'buffer', 'node:buffer']);
  const sandboxRequire = (name) => {
    if (safeModules.has(name)) return require(name);
    throw new Error(`require('${name}') is not available to checked code`);
  };
  const fakeProcess = {
    env: {},
    argv: ['node', 'candidate'],
    platform: process.platform,
    version: process.version,
    nextTick: (fn, ...args) => Promise.resolve().then(() => fn(...args)),
    exit(code) {
      throw new Error(`process.exit(${code === undefined ? '' : code}) called`);
    },
    cwd: () => scratch,
  };
  process.on('unhandledRejection', () => {}); // a candidate's stray rejection must not end the thread
  const newContext = () => {
    const module = { exports: {} };
    return vm.createContext({
    console: sandboxConsole,
    assert,
    require: sandboxRequire,
    module,
    exports: module.exports,
    process: fakeProcess,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    TextEncoder,
    TextDecoder,
    URL,
    structuredClone,
      // The rendering of eval results, for checks that compare against one (clarifying answers).
      __render: (value) => clip(safeInspect(value), VALUE_LIMIT),
    });
  };

  const post = (step, record) => parentPort.postMessage({ step, record });
  const takeOutput = (record) => {
    if (captured.text) record.output = captured.text + (captured.dropped ? ' ...' : '');
    captured = { text: '', dropped: false };
    return record;
  };
  const describe = (error) => {
    if (error && typeof error === 'object' && 'message' in error) {
      const name = error.name || 'Error';
      return clip(error.message ? `${name}: ${error.message}` : name, MESSAGE_LIMIT);
    }
    return clip(`thrown: ${safeInspect(error)}`, MESSAGE_LIMIT);
  };
  const isTimeout = (error) => error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
  const isAssertion = (error) => error && (error.code === 'ERR_ASSERTION' || error.name === 'AssertionError');

  function safeInspect(value) {
    try {
      return util.inspect(value, { depth: 6, breakLength: Infinity, sorted: true, maxArrayLength: 200, maxStringLength: 2000 });
    } catch (error) {
      return `<unprintable: ${String(error && error.message)}>`;
    }
  }

  async function settle(value, ms) {
    if (!value || typeof value.then !== 'function') return value;
    let timer;
    const expired = new Promise((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ERR_SCRIPT_EXECUTION_TIMEOUT' })), ms);
    });
    try {
      return await Promise.race([value, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  const loadInto = async (context) => {
    const script = new vm.Script(request.code, { filename: 'candidate.js' });
    await settle(script.runInContext(context, { timeout: loadTimeout }), loadTimeout);
    return context;
  };

  (async () => {
    const started = performance.now();
    const load = { status: 'ok' };
    let context;
    try {
      context = await loadInto(newContext());
    } catch (error) {
      if (isTimeout(error)) {
        load.status = 'timeout';
        load.message = `loading took more than ${loadTimeout / 1000} s`;
      } else {
        load.status = 'error';
        load.message = describe(error);
      }
    }
    load.ms = round(performance.now() - started);
    post('load', takeOutput(load));
    if (load.status !== 'ok') return;
    for (const check of checks) {
      if (invalid[check.id]) {
        post('check', { id: check.id, status: 'error', message: invalid[check.id], ms: 0 });
        continue;
      }
      const exhausted = timeouts >= maxTimeouts && !check.always;
      if (exhausted && typeof request.exhaustedTimeoutMs !== 'number') {
        post('check', { id: check.id, status: 'timeout', message: `not run: the candidate already ran out of time ${timeouts} times`, ms: 0 });
        continue;
      }
      const limit = exhausted ? request.exhaustedTimeoutMs : timeout;
      const record = { id: check.id };
      const begin = performance.now();
      try {
        const source = check.kind === 'eval' ? `(${check.code}\n)` : check.code;
        const script = new vm.Script(source, { filename: `check ${check.id}` });
        const scope = check.fresh ? await loadInto(newContext()) : context;
        const value = await settle(script.runInContext(scope, { timeout: limit }), limit);
        record.status = 'pass';
        if (check.kind === 'eval') record.value = clip(safeInspect(value), VALUE_LIMIT);
      } catch (error) {
        if (isTimeout(error)) {
          record.status = 'timeout';
          record.message = `took more than ${limit / 1000} s`;
          timeouts += 1;
        } else {
          record.status = isAssertion(error) ? 'fail' : 'error';
          record.message = describe(error);
        }
      }
      record.ms = round(performance.now() - begin);
      post('check', takeOutput(record));
    }
    parentPort.postMessage({ step: 'done' });
  })().catch((error) => {
    parentPort.postMessage({ step: 'load', record: { status: 'error', message: describe(error) } });
  });
}
