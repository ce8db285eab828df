// Runs a child process with the guarantees every SelfDebug run needs: a timeout, cancellation
// that kills the whole process tree, capped output capture, and live output for a terminal.
import { spawn } from 'node:child_process';

export interface RunProcessOptions {
  command: string;
  args?: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Run through the shell (for user-configured command lines). */
  shell?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Live output (stdout and stderr interleaved), e.g. mirrored into a terminal. */
  onOutput?: (chunk: string) => void;
  /** Bytes kept per stream; the middle is dropped beyond it. Default 1 MiB. */
  maxOutputBytes?: number;
  input?: string;
}

export interface RunProcessResult {
  exitCode: number | null;
  /** The signal that ended the process, if any. */
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived (capped). */
  output: string;
  ms: number;
  /** Set when the process could not be started at all (ENOENT...). */
  spawnError?: Error;
}

/** Keeps the head and the tail of a stream when it grows beyond `max` bytes. */
export class CappedBuffer {
  private head = '';
  private tail = '';
  private dropped = 0;
  constructor(private readonly max: number) {}

  append(chunk: string): void {
    if (this.head.length < this.max / 2) {
      const room = Math.floor(this.max / 2) - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    if (!chunk) return;
    this.tail += chunk;
    const keep = Math.ceil(this.max / 2);
    if (this.tail.length > keep) {
      this.dropped += this.tail.length - keep;
      this.tail = this.tail.slice(this.tail.length - keep);
    }
  }

  toString(): string {
    return this.dropped ? `${this.head}\n… [${this.dropped} characters of output dropped] …\n${this.tail}` : this.head + this.tail;
  }
}

/** Kills a process group started with `detached: true` (the child and everything it spawned). */
export function killTree(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export function runProcess(options: RunProcessOptions): Promise<RunProcessResult> {
  const started = Date.now();
  const max = options.maxOutputBytes ?? 1024 * 1024;
  const stdout = new CappedBuffer(max);
  const stderr = new CappedBuffer(max);
  const output = new CappedBuffer(max);
  return new Promise((resolve) => {
    if (options.signal?.aborted) {
      resolve({ exitCode: null, signal: null, timedOut: false, cancelled: true, stdout: '', stderr: '', output: '', ms: 0 });
      return;
    }
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    const child = spawn(options.command, options.args ?? [], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: options.shell ?? false,
      // Own process group so a timeout or cancel can kill grandchildren (test workers) too.
      detached: process.platform !== 'win32',
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode,
        signal,
        timedOut,
        cancelled,
        stdout: stdout.toString(),
        stderr: stderr.toString(),
        output: output.toString(),
        ms: Date.now() - started,
        spawnError,
      });
    };
    const onAbort = () => {
      cancelled = true;
      killTree(child.pid);
    };
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          killTree(child.pid);
        }, options.timeoutMs)
      : undefined;
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout.append(chunk);
      output.append(chunk);
      options.onOutput?.(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr.append(chunk);
      output.append(chunk);
      options.onOutput?.(chunk);
    });
    child.stdin.on('error', () => {});
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
    child.on('error', (error) => finish(null, null, error));
    // 'close' waits for the pipes; a grandchild that keeps them open is killed with the group.
    child.on('close', (code, signal) => {
      if (timedOut || cancelled) killTree(child.pid);
      finish(code, signal);
    });
  });
}
