import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../../src/core/config';
import { LlmNotConfiguredError, resolveLlmConfig } from '../../../src/core/llm/endpoint';

describe('LLM endpoint resolution', () => {
  it('explains how to set up an endpoint when nothing is configured', () => {
    expect(() => resolveLlmConfig({ config: defaultConfig, env: {}, surface: 'vscode' })).toThrowError(LlmNotConfiguredError);
    try {
      resolveLlmConfig({ config: defaultConfig, env: {}, surface: 'vscode' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('SelfDebug: Set API Key');
      expect(message).toContain('http://localhost:11434/v1');
      expect(message).toContain('selfdebug.llm.model');
    }
  });

  it('uses OpenAI with the default model when only a key is given', () => {
    const config = resolveLlmConfig({ config: defaultConfig, env: { OPENAI_API_KEY: 'sk-env' }, surface: 'cli' });
    expect(config).toMatchObject({ baseURL: 'https://api.openai.com/v1', apiKey: 'sk-env', model: 'gpt-4o-mini' });
  });

  it('prefers the stored key over the environment', () => {
    const config = resolveLlmConfig({ config: defaultConfig, env: { OPENAI_API_KEY: 'sk-env' }, apiKey: 'sk-stored', surface: 'vscode' });
    expect(config.apiKey).toBe('sk-stored');
  });

  it('accepts a local server without a key but insists on a model', () => {
    const local = parseConfig({ llm: { baseUrl: 'http://localhost:11434/v1/' } });
    expect(() => resolveLlmConfig({ config: local, env: {}, surface: 'vscode' })).toThrowError(/No model is set for http:\/\/localhost:11434\/v1/);
    const withModel = resolveLlmConfig({ config: local, env: { SELFDEBUG_MODEL: 'qwen2.5-coder:7b' }, surface: 'cli' });
    expect(withModel).toMatchObject({ baseURL: 'http://localhost:11434/v1', model: 'qwen2.5-coder:7b', apiKey: 'not-needed' });
  });

  it('lets CLI flags override settings and environment', () => {
    const config = resolveLlmConfig({
      config: parseConfig({ llm: { baseUrl: 'http://a.example/v1', model: 'm1' } }),
      env: { OPENAI_BASE_URL: 'http://b.example/v1', SELFDEBUG_MODEL: 'm2' },
      overrides: { baseUrl: 'http://c.example/v1', model: 'm3' },
      surface: 'cli',
    });
    expect(config).toMatchObject({ baseURL: 'http://c.example/v1', model: 'm3' });
  });
});
