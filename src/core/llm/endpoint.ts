// Turns settings, environment and the stored key into an LlmConfig, or explains exactly how to
// set one up. Shared by the extension and the CLI so both give the same advice.
import type { SelfDebugConfig } from '../config';
import type { LlmConfig } from './types';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

export class LlmNotConfiguredError extends Error {
  constructor(reason: string, surface: 'vscode' | 'cli') {
    super(`${reason}\n${setupHelp(surface)}`);
    this.name = 'LlmNotConfiguredError';
  }
}

export function setupHelp(surface: 'vscode' | 'cli'): string {
  if (surface === 'vscode') {
    return [
      'To use OpenAI: run "SelfDebug: Set API Key" and paste your key (or set OPENAI_API_KEY before starting VS Code).',
      'To use a local model: set "selfdebug.llm.baseUrl" to http://localhost:11434/v1 (Ollama) or http://localhost:1234/v1 (LM Studio) and "selfdebug.llm.model" to the model name (e.g. qwen2.5-coder:7b).',
      'Any other OpenAI-compatible server (Azure OpenAI, vLLM, llama.cpp server) works the same way: its /v1 base URL, a model, and a key if it needs one.',
    ].join('\n');
  }
  return [
    'To use OpenAI: export OPENAI_API_KEY=sk-... (optionally SELFDEBUG_MODEL=gpt-4o-mini).',
    'To use a local model: export OPENAI_BASE_URL=http://localhost:11434/v1 SELFDEBUG_MODEL=qwen2.5-coder:7b (Ollama), or pass --base-url and --model.',
  ].join('\n');
}

export interface EndpointSources {
  config: SelfDebugConfig;
  env: NodeJS.ProcessEnv;
  /** Key from secret storage or a --api-key flag; wins over OPENAI_API_KEY. */
  apiKey?: string;
  /** Flags that override settings (CLI). */
  overrides?: { baseUrl?: string; model?: string };
  surface: 'vscode' | 'cli';
}

export function resolveLlmConfig(sources: EndpointSources): LlmConfig {
  const { config, env, surface } = sources;
  const baseFromUser = sources.overrides?.baseUrl || config.llm.baseUrl || env.OPENAI_BASE_URL || '';
  const apiKey = sources.apiKey || env.OPENAI_API_KEY || undefined;
  if (!baseFromUser && !apiKey) throw new LlmNotConfiguredError('No LLM endpoint is configured.', surface);
  const baseURL = (baseFromUser || OPENAI_BASE_URL).replace(/\/+$/, '');
  const isOpenAI = baseURL === OPENAI_BASE_URL;
  if (isOpenAI && !apiKey) throw new LlmNotConfiguredError('OpenAI needs an API key.', surface);
  const model = sources.overrides?.model || config.llm.model || env.SELFDEBUG_MODEL || (isOpenAI ? DEFAULT_OPENAI_MODEL : '');
  if (!model) throw new LlmNotConfiguredError(`No model is set for ${baseURL}.`, surface);
  return {
    baseURL,
    // Local servers accept any key; the SDK insists on one.
    apiKey: apiKey ?? 'not-needed',
    model,
    headers: config.llm.headers,
    timeoutMs: config.llm.timeoutSeconds * 1000,
    maxRetries: config.llm.maxRetries,
    temperature: config.temperature,
    tokenBudget: config.tokenBudget,
  };
}
