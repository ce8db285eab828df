// A pool of parse worker threads, so parsing never blocks the extension host's main thread.
// Document edits go to the worker that holds the document's tree (chosen by path); other work
// goes to the least busy worker. A worker that crashes or hangs is replaced, and its tasks fail
// with an error instead of hanging. Where no worker bundle exists (unit tests running the
// TypeScript sources), tasks run in the calling thread with the same code.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../ports';
import type { AnalyzeOutcome } from '../analyzer';
import type { ParseTask, WorkerRequest, WorkerResponse } from './protocol';
import { createTaskRunner } from './runTask';

export interface ParsePoolOptions {
  /** Worker threads; default: CPU cores, at most 4. 0 runs every task in the calling thread. */
  threads?: number;
  /** The bundled worker script; default: parseWorker.js next to the running bundle. */
  workerScript?: string;
  logger?: Logger;
  /** A task running longer than this kills its worker (ms). */
  taskTimeoutMs?: number;
}

export interface ParsePool {
  readonly mode: 'threads' | 'in-thread';
  readonly threads: number;
  run(task: ParseTask): Promise<AnalyzeOutcome | undefined>;
  dispose(): Promise<void>;
}

/** Where the bundled worker lives when this code runs from dist/ (extension, CLI, benchmarks). */
export function defaultWorkerScript(): string {
  return path.join(__dirname, 'parseWorker.js');
}

export function createParsePool(options: ParsePoolOptions = {}): ParsePool {
  const threads = options.threads ?? Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
  const script = options.workerScript ?? defaultWorkerScript();
  if (threads > 0 && existsSync(script)) return new ThreadPool(script, threads, options.logger, options.taskTimeoutMs ?? 60_000);
  if (threads > 0) options.logger?.debug(`Index: no parse worker at ${script}; parsing in this thread`);
  return new InThreadPool();
}

class InThreadPool implements ParsePool {
  readonly mode = 'in-thread' as const;
  readonly threads = 0;
  private readonly runner = createTaskRunner();

  run(task: ParseTask): Promise<AnalyzeOutcome | undefined> {
    return this.runner.run(task);
  }

  async dispose(): Promise<void> {
    this.runner.dispose();
  }
}

interface Pending {
  resolve(outcome: AnalyzeOutcome | undefined): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface Slot {
  worker?: Worker;
  pending: Map<number, Pending>;
}

class ThreadPool implements ParsePool {
  readonly mode = 'threads' as const;
  private readonly slots: Slot[];
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly script: string,
    readonly threads: number,
    private readonly logger: Logger | undefined,
    private readonly timeoutMs: number,
  ) {
    this.slots = Array.from({ length: threads }, () => ({ pending: new Map() }));
  }

  run(task: ParseTask): Promise<AnalyzeOutcome | undefined> {
    if (this.disposed) return Promise.reject(new Error('The parse pool is disposed'));
    const slot = 'path' in task && task.op !== 'analyzeFile' && task.op !== 'analyzeText' ? this.slots[slotOf(task.path, this.threads)]! : this.leastBusy();
    const worker = this.workerOf(slot);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(slot, new Error(`Parse task ${task.op} ${'path' in task ? task.path : ''} took longer than ${this.timeoutMs} ms`)), this.timeoutMs);
      slot.pending.set(id, { resolve, reject, timer });
      worker.ref();
      worker.postMessage({ id, ...task } satisfies WorkerRequest);
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all(this.slots.map((slot) => this.fail(slot, new Error('The parse pool was disposed'))));
  }

  private leastBusy(): Slot {
    let best = this.slots[0]!;
    for (const slot of this.slots) if (slot.pending.size < best.pending.size) best = slot;
    return best;
  }

  private workerOf(slot: Slot): Worker {
    if (slot.worker) return slot.worker;
    const worker = new Worker(this.script);
    worker.on('message', (response: WorkerResponse) => {
      const pending = slot.pending.get(response.id);
      if (!pending) return;
      slot.pending.delete(response.id);
      clearTimeout(pending.timer);
      if (slot.pending.size === 0) worker.unref();
      if (response.ok) pending.resolve(response.outcome);
      else pending.reject(new Error(`Parse worker: ${response.error}`));
    });
    worker.on('error', (error) => {
      this.logger?.error('Index: a parse worker crashed', error);
      void this.fail(slot, error instanceof Error ? error : new Error(String(error)));
    });
    worker.on('exit', (code) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      if (slot.pending.size) this.rejectAll(slot, new Error(`A parse worker exited with code ${code}`));
    });
    slot.worker = worker;
    return worker;
  }

  /** Rejects a slot's tasks and terminates its worker; the next task starts a new one. */
  private async fail(slot: Slot, error: Error): Promise<void> {
    const worker = slot.worker;
    slot.worker = undefined;
    this.rejectAll(slot, error);
    if (worker) await worker.terminate().catch(() => undefined);
  }

  private rejectAll(slot: Slot, error: Error): void {
    for (const pending of slot.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    slot.pending.clear();
  }
}

function slotOf(key: string, count: number): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % count;
}
