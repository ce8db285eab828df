// One persistent check-worker process (Python or Node) and the JSON-lines protocol with it.
// Requests go to the worker's fd 3 and answers come back on fd 4, so a candidate that floods
// or closes stdout cannot corrupt the protocol; stdout is discarded, stderr is kept (capped)
// to explain a worker that dies.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../ports';
import { CappedBuffer, killTree } from '../util/process';
import { checkResultSchema, loadResultSchema, parseAnswer, type ResultAnswer, type WorkerAnswer, type WorkerRequest } from './protocol';
import { ExecUnavailableError, type CheckResult, type LoadResult } from './types';

export interface WorkerSpec {
  /** For logs: "python", "node". */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** How long the process may take to say it is ready. */
  startTimeoutMs?: number;
}

/** What a worker had reported about a candidate before it died. */
export interface PartialRun {
  load?: LoadResult;
  checks: CheckResult[];
}

/** The worker process ended (crash, kill) while a request was pending. */
export class WorkerDiedError extends Error {
  constructor(
    message: string,
    readonly partial?: PartialRun,
  ) {
    super(message);
    this.name = 'WorkerDiedError';
  }
}

interface Pending {
  resolve: (answer: ResultAnswer) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  partial: PartialRun;
}

export class CheckWorker {
  private buffer = '';
  private nextReq = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly suiteWaiters = new Map<string, { resolve: (invalid: Record<string, string>) => void; reject: (e: Error) => void }>();
  private readonly suites = new Set<string>();
  private readonly stderr = new CappedBuffer(8 * 1024);
  private exited = false;
  private exitReason = '';

  private constructor(
    private readonly spec: WorkerSpec,
    private readonly child: ChildProcess,
    private readonly requests: Writable,
    private readonly logger: Logger,
  ) {}

  /** Starts the process and waits for its `ready` line. */
  static start(spec: WorkerSpec, logger: Logger): Promise<CheckWorker> {
    return new Promise((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = spawn(spec.command, spec.args, {
          cwd: spec.cwd,
          env: spec.env ?? process.env,
          // Own process group: killing the worker also kills whatever it started.
          detached: process.platform !== 'win32',
          stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
          windowsHide: true,
        });
      } catch (error) {
        reject(new ExecUnavailableError(`Cannot start the ${spec.name} check worker (${spec.command}): ${String(error)}`));
        return;
      }
      const requests = child.stdio[3] as Writable | null;
      const answers = child.stdio[4] as Readable | null;
      if (!requests || !answers) {
        killTree(child.pid);
        reject(new ExecUnavailableError(`The ${spec.name} check worker has no protocol pipes`));
        return;
      }
      const worker = new CheckWorker(spec, child, requests, logger);
      let started = false;
      const timer = setTimeout(() => {
        if (started) return;
        worker.kill('did not start in time');
        reject(new ExecUnavailableError(`The ${spec.name} check worker did not start within ${spec.startTimeoutMs ?? 15_000} ms: ${worker.stderr.toString().trim()}`));
      }, spec.startTimeoutMs ?? 15_000);
      worker.onReady = () => {
        started = true;
        clearTimeout(timer);
        resolve(worker);
      };
      child.once('error', (error) => {
        clearTimeout(timer);
        worker.markExited(`could not start: ${error.message}`);
        if (!started) reject(new ExecUnavailableError(`Cannot start the ${spec.name} check worker (${spec.command}): ${error.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
        worker.markExited(why);
        if (!started) reject(new ExecUnavailableError(`The ${spec.name} check worker ${why} before it was ready: ${worker.stderr.toString().trim()}`));
      });
      child.stdout?.resume();
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => worker.stderr.append(chunk));
      requests.on('error', () => {});
      answers.setEncoding('utf8');
      answers.on('data', (chunk: string) => worker.onData(chunk));
      answers.on('error', () => {});
    });
  }

  private onReady: () => void = () => {};

  get alive(): boolean {
    return !this.exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  hasSuite(key: string): boolean {
    return this.suites.has(key);
  }

  /** Compiles a suite in the worker; resolves with the checks that do not compile (id -> reason). */
  defineSuite(key: string, checks: { id: string; code: string; kind?: 'exec' | 'eval'; fresh?: boolean; always?: boolean }[]): Promise<Record<string, string>> {
    if (this.exited) return Promise.reject(new WorkerDiedError(`${this.spec.name} check worker is gone (${this.exitReason})`));
    return new Promise((resolve, reject) => {
      this.suiteWaiters.set(key, {
        resolve: (invalid) => {
          this.suites.add(key);
          resolve(invalid);
        },
        reject,
      });
      this.send({ op: 'suite', suite: key, checks });
    });
  }

  dropSuite(key: string): void {
    if (!this.suites.delete(key) || this.exited) return;
    this.send({ op: 'drop', suite: key });
  }

  /**
   * Runs one candidate. `watchdogMs` bounds the whole request: the worker enforces every
   * per-check limit itself, so passing it means the worker is wedged and is killed.
   */
  run(request: Omit<Extract<WorkerRequest, { op: 'run' }>, 'op' | 'req'>, watchdogMs: number): Promise<ResultAnswer> {
    if (this.exited) return Promise.reject(new WorkerDiedError(`${this.spec.name} check worker is gone (${this.exitReason})`));
    const req = this.nextReq++;
    return new Promise((resolve, reject) => {
      const entry: Pending = { resolve, reject, partial: { checks: [] } };
      entry.timer = setTimeout(() => {
        this.kill(`no answer within ${watchdogMs} ms`);
      }, watchdogMs);
      this.pending.set(req, entry);
      this.send({ op: 'run', req, ...request });
    });
  }

  /** Kills the worker and everything it started; pending requests fail with WorkerDiedError. */
  kill(reason = 'stopped'): void {
    if (!this.exited) killTree(this.child.pid);
    this.markExited(reason);
  }

  private send(request: WorkerRequest): void {
    this.requests.write(`${JSON.stringify(request)}\n`);
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (line.trim()) this.onLine(line);
      newline = this.buffer.indexOf('\n');
    }
  }

  private onLine(line: string): void {
    const parsed = parseAnswer(line);
    if (!parsed.ok) {
      // The protocol pipe is private to the worker; garbage there means the worker is broken.
      this.logger.error(`${this.spec.name} check worker: ${parsed.reason}`);
      this.kill(`protocol error: ${parsed.reason}`);
      return;
    }
    this.onAnswer(parsed.answer);
  }

  private onAnswer(answer: WorkerAnswer): void {
    switch (answer.type) {
      case 'ready':
        this.onReady();
        return;
      case 'suite': {
        const waiter = this.suiteWaiters.get(answer.suite);
        this.suiteWaiters.delete(answer.suite);
        waiter?.resolve(answer.invalid);
        return;
      }
      case 'progress': {
        const entry = this.pending.get(answer.req);
        if (!entry) return;
        const parsed = answer.step === 'load' ? loadResultSchema.safeParse(answer.record) : checkResultSchema.safeParse(answer.record);
        if (!parsed.success) {
          this.kill(`protocol error: bad ${answer.step} progress record`);
          return;
        }
        if (answer.step === 'load') entry.partial.load = parsed.data as LoadResult;
        else entry.partial.checks.push(parsed.data as CheckResult);
        return;
      }
      case 'result': {
        const entry = this.pending.get(answer.req);
        if (!entry) return;
        this.pending.delete(answer.req);
        clearTimeout(entry.timer);
        entry.resolve(answer);
        return;
      }
      case 'error': {
        const message = `${this.spec.name} check worker rejected a request: ${answer.message}`;
        this.logger.warn(message);
        if (answer.req != null) {
          const entry = this.pending.get(answer.req);
          if (entry) {
            this.pending.delete(answer.req);
            clearTimeout(entry.timer);
            entry.reject(new Error(message));
          }
        } else {
          for (const [key, waiter] of this.suiteWaiters) {
            this.suiteWaiters.delete(key);
            waiter.reject(new Error(message));
          }
        }
        return;
      }
    }
  }

  private markExited(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    this.exitReason = reason;
    const stderr = this.stderr.toString();
    const fatal = /^.*(out of memory|FATAL ERROR).*$/im.exec(stderr)?.[0];
    const tail = fatal ?? stderr.trim().split('\n').slice(-5).join('\n');
    const message = `${this.spec.name} check worker ${reason}${tail ? `: ${tail.trim()}` : ''}`;
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(new WorkerDiedError(message, entry.partial));
    }
    this.pending.clear();
    for (const waiter of this.suiteWaiters.values()) waiter.reject(new WorkerDiedError(message));
    this.suiteWaiters.clear();
    this.suites.clear();
  }

  /** Asks the worker to exit, and kills it if it does not within `graceMs`. */
  async close(graceMs = 1000): Promise<void> {
    if (this.exited) return;
    this.send({ op: 'exit' });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.kill('closed');
        resolve();
      }, graceMs);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.markExited('closed');
  }
}
