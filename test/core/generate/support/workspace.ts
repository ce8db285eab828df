// Test helpers for the generators: a private copy of a fixture folder, the standard deps on the
// real engine (runner, sandboxes, coverage) with an OpenAI client against the scripted server.
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type SelfDebugConfig } from '../../../../src/core/config';
import { createGenerateDeps, type GenerateDeps } from '../../../../src/core/generate/deps';
import type { CheckExecutor } from '../../../../src/core/generate/execution';
import { createLlmClient } from '../../../../src/core/llm/client';
import type { Host, Logger } from '../../../../src/core/ports';

export const fixturesRoot = path.join(__dirname, '../../../fixtures');

/** A copy of test/fixtures/<name> in a temporary folder (runs may write caches into it). */
export function copyFixture(name: string): { folder: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `selfdebug-${name}-`));
  const folder = path.join(dir, name);
  cpSync(path.join(fixturesRoot, name), folder, { recursive: true, filter: (src) => !/(__pycache__|\.pytest_cache|node_modules)$/.test(src) });
  // A JS fixture finds its runner in the repository's node_modules, as it does in place.
  if (existsSync(path.join(folder, 'package.json'))) symlinkSync(path.join(fixturesRoot, '../../node_modules'), path.join(folder, 'node_modules'), 'dir');
  return { folder, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CapturingLogger extends Logger {
  lines: string[];
}

export function capturingLogger(): CapturingLogger {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m, e) => lines.push(`error ${m}${e ? `: ${e instanceof Error ? e.message : String(e)}` : ''}`),
  };
}

export function host(logger: Logger = capturingLogger(), signal: AbortSignal = new AbortController().signal): Host {
  return { logger, signal };
}

export const unusedExecutor: CheckExecutor = {
  execute() {
    throw new Error('this test runs no generated checks');
  },
};

export function testConfig(overrides: Record<string, unknown> = {}): SelfDebugConfig {
  return parseConfig({ testTimeoutSeconds: 60, tokenBudget: 16000, maxParallelRuns: 2, ...overrides });
}

export function depsFor(folder: string, baseURL: string, options: { executor?: CheckExecutor; logger?: Logger; config?: SelfDebugConfig; timeoutMs?: number } = {}): GenerateDeps {
  const config = options.config ?? testConfig();
  const logger = options.logger ?? capturingLogger();
  const llm = createLlmClient(
    { baseURL, apiKey: 'test', model: 'scripted-model', timeoutMs: options.timeoutMs ?? 10_000, maxRetries: 0, temperature: 0.8, tokenBudget: config.tokenBudget },
    { logger, retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 } },
  );
  return createGenerateDeps({ folder, llm, model: 'scripted-model', config, logger, executor: options.executor ?? unusedExecutor });
}
