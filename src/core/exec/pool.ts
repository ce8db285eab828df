// A pool of persistent check workers per language. Each worker runs one candidate at a time
// (loaded once, all its checks run in it); suites are compiled once per worker and reused.
// Workers start lazily, are replaced when they die, and are all killed on cancellation.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from '../ports';
import { prepareSource, workerKind, workerSpec, type WorkerCommands, type WorkerKind } from './languages';
import {
  defaultLimits,
  ExecCancelledError,
  type CandidateRequest,
  type CandidateRun,
  type CheckResult,
  type CheckSuite,
  type ExecLimits,
} from './types';
import { CheckWorker, WorkerDiedError } from './worker';

export interface CheckPoolOptions {
  logger: Logger;
  /** Workers per language; default: number of CPU cores. */
  size?: number;
  commands?: WorkerCommands;
}

interface Slot {
  worker?: CheckWorker;
  starting?: Promise<CheckWorker>;
  busy: boolean;
}

export interface RunManyOptions {
  signal?: AbortSignal;
  /** Called after each candidate finishes: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export class CheckPool {
  private readonly size: number;
  private readonly slots = new Map<WorkerKind, Slot[]>();
  private readonly limiters = new Map<WorkerKind, ReturnType<typeof pLimit>>();
  private readonly scratch: string;
  private disposed = false;

  constructor(private readonly options: CheckPoolOptions) {
    this.size = Math.max(1, options.size ?? os.availableParallelism?.() ?? os.cpus().length);
    // Workers (and the scratch folders of candidates) live in a temporary folder, never in the user's.
    this.scratch = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-exec-'));
  }

  /** Runs one candidate against its suite (or the `only` subset). */
  async run(request: CandidateRequest, signal?: AbortSignal): Promise<CandidateRun> {
    if (this.disposed) throw new Error('CheckPool is disposed');
    const kind = workerKind(request.language);
    const limiter = this.limiter(kind);
    return limiter(() => this.runNow(kind, request, signal));
  }

  /**
   * Runs many candidates in parallel (one per worker at a time); identical requests (same code,
   * suite and limits) run once and share the result. Results are in request order.
   */
  async runMany(requests: CandidateRequest[], options: RunManyOptions = {}): Promise<CandidateRun[]> {
    const unique = new Map<string, Promise<CandidateRun>>();
    let done = 0;
    const results = requests.map((request) => {
      const key = requestKey(request);
      let promise = unique.get(key);
      if (!promise) {
        promise = this.run(request, options.signal).then((run) => {
          done += 1;
          options.onProgress?.(done, unique.size);
          return run;
        });
        unique.set(key, promise);
      }
      return promise;
    });
    return Promise.all(results);
  }

  /** Forgets a suite in every worker (frees its compiled checks). */
  dropSuite(suite: CheckSuite): void {
    const key = suiteKey(suite);
    for (const slots of this.slots.values()) for (const slot of slots) slot.worker?.dropSuite(key);
  }

  /** Kills every worker now; running requests fail with ExecCancelledError. Workers restart on demand. */
  cancel(): void {
    for (const slots of this.slots.values()) {
      for (const slot of slots) {
        slot.worker?.kill('cancelled');
        slot.worker = undefined;
      }
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const closing: Promise<void>[] = [];
    for (const slots of this.slots.values()) for (const slot of slots) if (slot.worker) closing.push(slot.worker.close());
    await Promise.all(closing);
    rmSync(this.scratch, { recursive: true, force: true });
  }

  private limiter(kind: WorkerKind) {
    let limiter = this.limiters.get(kind);
    if (!limiter) {
      limiter = pLimit(this.size);
      this.limiters.set(kind, limiter);
      this.slots.set(
        kind,
        Array.from({ length: this.size }, () => ({ busy: false })),
      );
    }
    return limiter;
  }

  private async runNow(kind: WorkerKind, request: CandidateRequest, signal?: AbortSignal): Promise<CandidateRun> {
    if (signal?.aborted) throw new ExecCancelledError();
    const slot = this.slots.get(kind)!.find((s) => !s.busy);
    if (!slot) throw new Error('CheckPool: no free worker slot (internal error)');
    slot.busy = true;
    const onAbort = () => {
      slot.worker?.kill('cancelled');
      slot.worker = undefined;
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let code: string;
      try {
        code = prepareSource(request.language, request.code);
      } catch (error) {
        return loadFailure(request, `cannot compile the candidate: ${error instanceof Error ? error.message : String(error)}`);
      }
      return await this.runWithRecovery(kind, slot, request, code, signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      slot.busy = false;
    }
  }

  /**
   * Runs the candidate; if its worker process dies mid-way (it guards candidates itself, but a
   * V8 abort can still take a Node worker down), keeps what was reported, records the check it
   * died on and runs the rest in a new worker. A death before any progress gets one retry.
   */
  private async runWithRecovery(kind: WorkerKind, slot: Slot, request: CandidateRequest, code: string, signal?: AbortSignal): Promise<CandidateRun> {
    const started = Date.now();
    let remaining = (request.only ?? request.suite.checks.map((c) => c.id)).slice();
    const done: CheckResult[] = [];
    let load: CandidateRun['load'] | undefined;
    let restarts = 0;
    let fruitless = 0;
    for (;;) {
      if (signal?.aborted) throw new ExecCancelledError();
      if (this.disposed) throw new ExecCancelledError('The check pool was disposed');
      try {
        const worker = await this.workerFor(kind, slot);
        const run = await this.execute(worker, { ...request, only: remaining }, code);
        restarts += run.restarts;
        if (load && run.load.status !== 'ok') {
          const why = `could not reload the candidate: ${run.load.message ?? run.load.status}`;
          done.push(...remaining.map((id): CheckResult => ({ id, status: 'error', message: why })));
        } else {
          load ??= run.load;
          done.push(...run.checks);
        }
        return completeRun(request, load, done, Date.now() - started, restarts);
      } catch (error) {
        if (signal?.aborted) throw new ExecCancelledError();
        if (!(error instanceof WorkerDiedError)) throw error;
        restarts += 1;
        const partial = error.partial;
        if (partial?.load?.status === 'ok') {
          load ??= partial.load;
          done.push(...partial.checks);
          const reported = new Set(partial.checks.map((c) => c.id));
          remaining = remaining.filter((id) => !reported.has(id));
          const culprit = remaining.shift();
          if (culprit) done.push({ id: culprit, status: 'error', message: error.message });
          this.options.logger.warn(`${error.message}; continuing with the remaining ${remaining.length} checks in a new worker`);
          if (!remaining.length) return completeRun(request, load, done, Date.now() - started, restarts);
          continue;
        }
        if (partial?.load) return completeRun(request, partial.load, [], Date.now() - started, restarts);
        if (++fruitless >= 2) return loadFailure(request, error.message);
        this.options.logger.warn(`${error.message}; retrying the candidate in a new worker`);
      }
    }
  }

  private async workerFor(kind: WorkerKind, slot: Slot): Promise<CheckWorker> {
    if (slot.worker?.alive) return slot.worker;
    slot.worker = undefined;
    slot.starting ??= CheckWorker.start(workerSpec(kind, this.scratch, this.options.commands), this.options.logger).finally(() => {
      slot.starting = undefined;
    });
    slot.worker = await slot.starting;
    return slot.worker;
  }

  private async execute(worker: CheckWorker, request: CandidateRequest, code: string): Promise<CandidateRun> {
    const limits: ExecLimits = { ...defaultLimits, ...request.limits };
    const key = suiteKey(request.suite);
    if (!worker.hasSuite(key)) {
      const checks = request.suite.checks.map((c) => ({ ...c, code: prepareCheck(request, c.code) }));
      await worker.defineSuite(key, checks);
    }
    const count = request.only?.length ?? request.suite.checks.length;
    // The worker bounds every check itself (hard wall deadline: 11x the limit, at least 2 s more);
    // this only catches a wedged worker.
    const watchdogMs = limits.loadTimeoutMs * 12 + count * (limits.timeoutMs * 12 + 2500) + 10_000;
    const answer = await worker.run(
      {
        code,
        suite: key,
        only: request.only,
        timeoutMs: limits.timeoutMs,
        loadTimeoutMs: limits.loadTimeoutMs,
        memoryMb: limits.memoryMb,
        outputLimit: limits.outputLimit,
        entryPoint: request.entryPoint,
        maxTimeouts: limits.maxTimeouts,
        exhaustedTimeoutMs: limits.exhaustedTimeoutMs,
      },
      watchdogMs,
    );
    return completeRun(request, answer.load, answer.checks, answer.ms, answer.forks ?? 1);
  }
}

function prepareCheck(request: CandidateRequest, code: string): string {
  try {
    return prepareSource(request.language, code);
  } catch {
    return code; // the worker reports the syntax error for this check alone
  }
}

/** Every requested check gets a result: the ones a failed load never ran are errors. */
function completeRun(request: CandidateRequest, load: CandidateRun['load'], checks: CheckResult[], ms: number, restarts: number): CandidateRun {
  const wanted = request.only ? new Set(request.only) : undefined;
  const byId = new Map(checks.map((c) => [c.id, c]));
  const notRun = load.status === 'ok' ? 'not run' : `not run: the candidate did not load (${load.message ?? load.status})`;
  const ordered = request.suite.checks
    .filter((c) => !wanted || wanted.has(c.id))
    .map((c): CheckResult => byId.get(c.id) ?? { id: c.id, status: load.status === 'timeout' ? 'timeout' : 'error', message: notRun });
  return { load, checks: ordered, ms, restarts };
}

function loadFailure(request: CandidateRequest, message: string): CandidateRun {
  return completeRun(request, { status: 'error', message }, [], 0, 0);
}

const suiteKeys = new WeakMap<CheckSuite, string>();

/** The suite's id plus a hash of its checks, so a changed suite under an old id is recompiled. */
function suiteKey(suite: CheckSuite): string {
  let key = suiteKeys.get(suite);
  if (!key) {
    key = `${suite.id}#${createHash('sha1').update(JSON.stringify(suite.checks)).digest('hex').slice(0, 12)}`;
    suiteKeys.set(suite, key);
  }
  return key;
}

function requestKey(request: CandidateRequest): string {
  return createHash('sha1')
    .update(JSON.stringify([request.language, request.code, suiteKey(request.suite), request.only ?? null, request.entryPoint ?? null, request.limits ?? null]))
    .digest('hex');
}

/** One check pool per Python interpreter (JS checks use any of them), made on first use. */
export class CheckPoolsByPython {
  private readonly pools = new Map<string, CheckPool>();

  constructor(private readonly options: Omit<CheckPoolOptions, 'commands'>) {}

  /** The pool whose Python is `python` (default python3). */
  get = (python: string | undefined): CheckPool => {
    const key = python ?? 'python3';
    let pool = this.pools.get(key);
    if (!pool) this.pools.set(key, (pool = new CheckPool({ ...this.options, commands: { python: key } })));
    return pool;
  };

  async dispose(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.dispose()));
  }
}
