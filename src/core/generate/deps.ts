// What the generators need from the outside, as one object so VS Code, the CLI and the tests
// can each supply their own (unsaved buffers, the task terminal, fakes). `createGenerateDeps`
// builds the standard one on the engine's own modules.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SelfDebugConfig } from '../config';
import { listSourceFiles } from '../index/walker';
import type { LlmClient } from '../llm/types';
import type { Logger, RunPresenter } from '../ports';
import type { RunRequest } from '../repair/types';
import { resolveFramework, runTests, TestSetupError } from '../testing';
import type { FrameworkDetection } from '../testing/detect';
import type { TestRunResult } from '../testing/types';
import type { CheckExecutor } from './execution';
import { coverageRunner, type CoverageRunner } from './targetCoverage';

export interface GenerateDeps {
  /** Absolute path of the workspace folder. */
  folder: string;
  llm: LlmClient;
  /** Model name (for token counting). */
  model: string;
  config: SelfDebugConfig;
  /** Current text of a workspace file (unsaved editor buffers win over the disk). */
  readFile(file: string): Promise<string>;
  /** Source files of the folder (relative, '/'-separated). */
  listFiles(): Promise<string[]>;
  /** The folder's test framework; undefined when it has none (existing tests cannot run). */
  framework(): Promise<FrameworkDetection | undefined>;
  runTests(request: RunRequest): Promise<TestRunResult>;
  /** Runs generated checks against candidates (persistent workers). */
  executor: CheckExecutor;
  /** Line coverage of test files (undefined: not measured). */
  coverage?: CoverageRunner;
}

export interface StandardDepsOptions {
  folder: string;
  llm: LlmClient;
  model: string;
  config: SelfDebugConfig;
  logger: Logger;
  executor: CheckExecutor;
  presenter?: RunPresenter;
  /** Editor buffers that differ from the disk (relative path -> text). */
  buffers?: () => Record<string, string>;
  /** Files every test and coverage run sees over the disk (unsaved editor buffers); runs then use a sandbox. */
  baseOverlay?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}

export function createGenerateDeps(options: StandardDepsOptions): GenerateDeps {
  const folder = path.resolve(options.folder);
  let detection: Promise<FrameworkDetection | undefined> | undefined;
  let files: Promise<string[]> | undefined;
  const framework = () =>
    (detection ??= resolveFramework(folder, options.config, undefined, options.env).catch((error: unknown) => {
      if (error instanceof TestSetupError) {
        options.logger.info(error.message);
        return undefined;
      }
      throw error;
    }));
  // Unsaved editor buffers go under every run's own overlay (a run then happens in a sandbox).
  const base = options.baseOverlay && Object.keys(options.baseOverlay).length ? options.baseOverlay : undefined;
  const withBase = (overlay: Record<string, string> | undefined) => (base ? { ...base, ...overlay } : overlay);
  return {
    folder,
    llm: options.llm,
    model: options.model,
    config: options.config,
    async readFile(file) {
      const buffered = options.buffers?.()[file];
      return buffered ?? (await readFile(path.join(folder, file), 'utf8'));
    },
    listFiles: () => (files ??= listSourceFiles(folder, { logger: options.logger }).then((r) => r.files.map((f) => f.path))),
    framework,
    async runTests(request) {
      const detected = await framework();
      const overlay = withBase(request.overlay);
      return runTests({
        folder,
        ...(request.files ? { files: request.files } : {}),
        ...(request.testIds ? { testIds: request.testIds } : {}),
        ...(overlay ? { overlay } : {}),
        signal: request.signal,
        config: options.config,
        logger: options.logger,
        ...(detected ? { framework: detected.framework } : {}),
        ...(options.presenter ? { presenter: options.presenter } : {}),
        label: request.label,
        ...(options.env ? { env: options.env } : {}),
      });
    },
    executor: options.executor,
    coverage: async (request) => {
      const detected = await framework();
      if (!detected) return { note: 'no test framework found' };
      return coverageRunner({
        folder,
        detection: detected,
        timeoutMs: options.config.testTimeoutSeconds * 1000,
        logger: options.logger,
        ...(options.config.testCommands[detected.framework] ? { configuredCommand: options.config.testCommands[detected.framework] } : {}),
        ...(options.env ? { env: options.env } : {}),
      })(base ? { ...request, overlay: withBase(request.overlay) } : request);
    },
  };
}
