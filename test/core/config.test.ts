import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, parseConfig } from '../../src/core/config';

describe('settings', () => {
  it('fills in defaults for an empty configuration', () => {
    expect(parseConfig({})).toEqual(defaultConfig);
    expect(defaultConfig.candidatesPerRound).toBe(4);
    expect(defaultConfig.maxRounds).toBe(3);
  });

  it('names every invalid setting', () => {
    expect(() => parseConfig({ candidatesPerRound: 0, llm: { baseUrl: 'not a url' } })).toThrowError(ConfigError);
    try {
      parseConfig({ candidatesPerRound: 0, llm: { baseUrl: 'not a url' } });
    } catch (error) {
      expect((error as Error).message).toContain('selfdebug.candidatesPerRound');
      expect((error as Error).message).toContain('selfdebug.llm.baseUrl');
    }
  });

  it('accepts per-framework test command overrides only for known frameworks', () => {
    expect(parseConfig({ testCommands: { pytest: '.venv/bin/python -m pytest' } }).testCommands.pytest).toBe('.venv/bin/python -m pytest');
    expect(() => parseConfig({ testCommands: { cargo: 'cargo test' } })).toThrowError(ConfigError);
  });
});
