// Everything one front end (the CLI run, the VS Code window) needs to run the generators: the
// LLM client, the check-worker pools (one per Python interpreter, started on first use) and the
// standard deps. `dispose` stops the workers and removes the sandboxes coverage runs made.
import { CheckPoolsByPython, type CheckPool } from '../exec/pool';
import type { SelfDebugConfig } from '../config';
import { createLlmClient } from '../llm/client';
import type { LlmClient, LlmConfig } from '../llm/types';
import type { Logger, RunPresenter } from '../ports';
import { createGenerateDeps, type GenerateDeps } from './deps';
import { disposeCoverageSandboxes } from './targetCoverage';
import { WorkerExecutor } from './workerExecutor';

export interface GenerateSessionOptions {
  folder: string;
  config: SelfDebugConfig;
  llm: LlmConfig | LlmClient;
  /** Model name when `llm` is a client (for token counting). */
  model?: string;
  logger: Logger;
  presenter?: RunPresenter;
  buffers?: () => Record<string, string>;
  env?: NodeJS.ProcessEnv;
  /** Check workers per language (default: CPU cores). */
  workers?: number;
  /** Files every run sees over the disk (unsaved editor buffers). */
  baseOverlay?: Record<string, string>;
  /** Long-lived check-worker pools to use (kept alive after dispose); by default the session makes its own. */
  pools?: (python: string | undefined) => CheckPool;
  /** Remove the coverage sandboxes on dispose (default true); a long-lived host removes them once, at its end. */
  disposeSandboxes?: boolean;
}

export interface GenerateSession {
  deps: GenerateDeps;
  dispose(): Promise<void>;
}

export function createGenerateSession(options: GenerateSessionOptions): GenerateSession {
  const ownPools = new CheckPoolsByPython({ logger: options.logger, ...(options.workers ? { size: options.workers } : {}) });
  const poolFor = options.pools ?? ownPools.get;
  const client = 'complete' in options.llm ? options.llm : createLlmClient(options.llm, { logger: options.logger });
  const model = 'complete' in options.llm ? (options.model ?? '') : options.llm.model;
  let deps: GenerateDeps | undefined;
  const executor = new WorkerExecutor({
    pool: poolFor,
    python: async () => (await deps!.framework())?.python,
    readFile: (file) => deps!.readFile(file),
    listFiles: () => deps!.listFiles(),
    logger: options.logger,
  });
  deps = createGenerateDeps({
    folder: options.folder,
    llm: client,
    model,
    config: options.config,
    logger: options.logger,
    executor,
    ...(options.presenter ? { presenter: options.presenter } : {}),
    ...(options.buffers ? { buffers: options.buffers } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.baseOverlay ? { baseOverlay: options.baseOverlay } : {}),
  });
  return {
    deps,
    async dispose() {
      await ownPools.dispose();
      if (options.disposeSandboxes !== false) await disposeCoverageSandboxes();
    },
  };
}
